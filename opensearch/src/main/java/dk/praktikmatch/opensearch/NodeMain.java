package dk.praktikmatch.opensearch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.painless.PainlessPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/** One OpenSearch node from the jars on the class path: the real search, HTTP (Netty 4) and
 * transport services, with the modules the service needs, on loopback. Settings come as
 * key=value arguments (node.name, path.home, path.data, http.port, transport.port, ...). */
public final class NodeMain {
    /** A node whose modules are classes on the class path, as OpenSearch's own test nodes are. */
    static final class ClasspathNode extends Node {
        ClasspathNode(Settings settings, Collection<Class<? extends Plugin>> plugins) {
            super(
                InternalSettingsPreparer.prepareEnvironment(
                    settings, Collections.emptyMap(), null, () -> settings.get("node.name")),
                plugins,
                true);
        }
    }

    public static void main(String[] args) throws Exception {
        Settings.Builder settings = Settings.builder()
            .put("network.host", "127.0.0.1")
            .put("http.type", "netty4")
            .put("transport.type", "netty4");
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1) throw new IllegalArgumentException("expected key=value, got " + arg);
            settings.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        Settings built = settings.build();
        Files.createDirectories(Path.of(built.get("path.home")));
        List<Class<? extends Plugin>> plugins = List.of(
            Netty4Plugin.class, CommonAnalysisPlugin.class, PainlessPlugin.class);
        Node node = new ClasspathNode(built, plugins);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try { node.close(); } catch (Exception e) { e.printStackTrace(); }
            stopped.countDown();
        }));
        node.start();
        System.out.println("node started: " + built.get("node.name"));
        stopped.await();
    }
}
