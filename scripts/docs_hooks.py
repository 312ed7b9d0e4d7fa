"""MkDocs hooks: the API reference from the app's own OpenAPI document, the CLI reference from
the `matcher` command's own parser. Nothing in them is typed by hand."""

import argparse
import json
from pathlib import Path
from typing import Any

OPENAPI = Path("build/openapi.json")
CLI_MARK = "<!-- cli -->"


def on_pre_build(config: Any) -> None:
    """Write the OpenAPI document the API reference page renders (neoteroi's OAD)."""
    from api.app import create_app
    from api.composition.settings import Settings

    document = create_app(settings=Settings(environment="development")).openapi()
    OPENAPI.parent.mkdir(parents=True, exist_ok=True)
    OPENAPI.write_text(json.dumps(document, indent=1), encoding="utf-8")


def _commands() -> list[tuple[str, argparse.ArgumentParser]]:
    from api.cli import build_parser

    found: list[tuple[str, argparse.ArgumentParser]] = []

    def walk(prefix: str, parser: argparse.ArgumentParser) -> None:
        found.append((prefix, parser))
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, child in action.choices.items():
                    walk(f"{prefix} {name}", child)

    walk("matcher", build_parser())
    return found


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    if CLI_MARK not in markdown:
        return markdown
    sections = []
    for name, parser in _commands():
        parser.prog = name
        sections.append(f"## `{name}`\n\n```text\n{parser.format_help()}```\n")
    return markdown.replace(CLI_MARK, "\n".join(sections))
