"""The ``clusterdesk`` command's entry point: `extract` starts the news pipeline alone, any other command the
whole CLI (clusterdesk/cli.py).

`clusterdesk extract` is run over batches of texts from scripts: the whole CLI imports every domain, the web
kit and the database layer, a second of start-up and ~30 MiB that extraction never uses (docs/BENCHMARKS.md).
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["extract"]:
        # why: lazy — only the news pipeline for `extract`
        from clusterdesk.news.cli import build_app, load_registry_names

        build_app(load_registry_names)(args=args, prog_name="clusterdesk")
        return
    # why: lazy — the whole CLI for every other command
    from clusterdesk.cli import app

    app(args=args, prog_name="clusterdesk")


if __name__ == "__main__":
    main()
