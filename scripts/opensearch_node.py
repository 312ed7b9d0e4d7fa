"""A real OpenSearch node on loopback, from OpenSearch's own artifacts on Maven Central.

    .venv/bin/python -m scripts.opensearch_node --http-port 9200 --home .stack/opensearch

`opensearch/pom.xml` pins the release and the modules. Maven resolves them into the local
repository (~/.m2, kept between runs) and builds a small launcher, `NodeMain`. The launcher
starts the server's `Node` with the modules as class-path plugins, as OpenSearch's own
integration tests do. The tests, the benchmarks and scripts/stack.sh start nodes through
`OpenSearchNode`. This is how it differs from a distribution: the JDK is the machine's (17),
there is no security plugin (plain HTTP on loopback), and only these modules are loaded:
transport-netty4-client, analysis-common and lang-painless.
"""

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).parent.parent / "opensearch"
TARGET = ROOT / "target"
LAUNCHER = TARGET / "opensearch-node.jar"
MAIN = "dk.praktikmatch.opensearch.NodeMain"
CLUSTER = "praktikmatch"
HEAP = "512m"
START_TIMEOUT_S = 180.0


def build() -> None:
    """Resolve the pinned release and build the launcher, unless it is built and newer than
    the pom and the launcher's source."""
    sources = [ROOT / "pom.xml", *ROOT.glob("src/**/*.java")]
    newest = max(path.stat().st_mtime for path in sources)
    if LAUNCHER.exists() and LAUNCHER.stat().st_mtime >= newest and (TARGET / "lib").is_dir():
        return
    maven = shutil.which("mvn")
    if maven is None:
        raise RuntimeError("Maven (mvn) is needed to fetch OpenSearch from Maven Central")
    subprocess.run([maven, "-q", "-B", "-f", str(ROOT / "pom.xml"), "package"], check=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _java() -> str:
    home = os.environ.get("JAVA_HOME")
    return str(Path(home) / "bin" / "java") if home else "java"


@dataclass
class OpenSearchNode:
    """A node the caller started: its HTTP address, and the process to stop."""

    name: str
    home: Path
    http_port: int
    transport_port: int
    process: subprocess.Popen[bytes]
    log: Path
    settings: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @classmethod
    def start(
        cls,
        home: Path,
        *,
        name: str = "node-1",
        http_port: int = 0,
        transport_port: int = 0,
        heap: str = HEAP,
        seeds: list[int] | None = None,
        cluster_managers: list[str] | None = None,
        wait_for: str | None = "green",
    ) -> "OpenSearchNode":
        """Start a node with its data in `home`: alone (`seeds` None), or one of a cluster
        that finds the others on the given transport ports. Waits until the cluster's health
        is `wait_for` (None: returns at once, as a cluster's first nodes must)."""
        build()
        home.mkdir(parents=True, exist_ok=True)
        http_port = http_port or free_port()
        transport_port = transport_port or free_port()
        settings = {
            "cluster.name": CLUSTER,
            "node.name": name,
            "path.home": str(home),
            "path.data": str(home / "data"),
            "http.port": str(http_port),
            "transport.port": str(transport_port),
        }
        if seeds is None:
            settings["discovery.type"] = "single-node"
        else:
            settings["discovery.seed_hosts"] = ",".join(f"127.0.0.1:{p}" for p in seeds)
            settings["cluster.initial_cluster_manager_nodes"] = ",".join(cluster_managers or [])
        log = home / "node.log"
        classpath = f"{LAUNCHER}{os.pathsep}{TARGET / 'lib' / '*'}"
        command = [_java(), f"-Xms{heap}", f"-Xmx{heap}", "-cp", classpath, MAIN]
        with log.open("ab") as output:
            process = subprocess.Popen(
                [*command, *(f"{k}={v}" for k, v in settings.items())],
                stdout=output,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        node = cls(name, home, http_port, transport_port, process, log, settings)
        try:
            if wait_for is not None:
                node.wait(wait_for)
        except BaseException:
            node.close()
            raise
        return node

    def health(self, timeout_s: float = 2.0) -> dict[str, object] | None:
        """The cluster's health as this node sees it, or None when it does not answer."""
        try:
            with urllib.request.urlopen(f"{self.url}/_cluster/health", timeout=timeout_s) as answer:
                found: dict[str, object] = json.load(answer)
                return found
        except (OSError, urllib.error.URLError, ValueError):
            return None

    def wait(self, status: str, timeout_s: float = START_TIMEOUT_S) -> None:
        """Until the cluster is `status` as this node sees it: green, or yellow (or better)."""
        wanted = {"green": ("green",), "yellow": ("green", "yellow")}[status]
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} ended ({self.process.returncode}):\n{self.tail()}")
            found = self.health()
            if found is not None and found.get("status") in wanted:
                return
            time.sleep(0.5)
        raise TimeoutError(f"{self.name} was not {status} in {timeout_s:.0f} s:\n{self.tail()}")

    def tail(self, lines: int = 30) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        return ""

    def kill(self) -> None:
        """Gone at once, as kill -9 leaves it."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()

    def close(self) -> None:
        """Stop the node (its data stays in `home`)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, required=True, help="the node's data and log")
    parser.add_argument("--http-port", type=int, default=9200)
    parser.add_argument("--transport-port", type=int, default=0)
    parser.add_argument("--heap", default=HEAP)
    arguments = parser.parse_args()
    node = OpenSearchNode.start(
        arguments.home,
        http_port=arguments.http_port,
        transport_port=arguments.transport_port,
        heap=arguments.heap,
    )
    print(f"OpenSearch is green at {node.url} (log: {node.log})", flush=True)

    # The handlers only set a flag: a handler that waited for the node itself would run inside
    # a wait that holds the process's lock, and never return.
    stopping = threading.Event()
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: stopping.set())
    while node.process.poll() is None and not stopping.wait(0.5):
        pass
    node.close()


if __name__ == "__main__":
    main()
