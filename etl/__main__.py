"""Command line: `python -m etl parse --json FILE...` and `python -m etl build [DIR]`."""

from __future__ import annotations

import argparse
import json
import sys

from etl.errors import EtlError


def parse_command(args: argparse.Namespace) -> int:
    """Print one JSON object per file, one a line; exit 0 only when every file parsed."""
    from etl.parse import parse_file

    failures = 0
    for path in args.files:
        try:
            record = parse_file(path).to_json_record()
            line = {"file": path, "record": record}
        except EtlError as error:
            failures += 1
            line = {"file": path, "error": error.reason}
        if args.json:
            print(json.dumps(line, ensure_ascii=False), flush=True)
        else:
            print(json.dumps(line, ensure_ascii=False, indent=1), flush=True)
    return 1 if failures else 0


def build_command(args: argparse.Namespace) -> int:
    """Build the warehouse from a folder of reports."""
    from etl.build import run_build

    return run_build(args)


def main(argv: list[str] | None = None) -> int:
    """Dispatch to the sub-command."""
    parser = argparse.ArgumentParser(prog="python -m etl", description="残联绩效报告 ETL")
    commands = parser.add_subparsers(dest="command", required=True)
    parse = commands.add_parser("parse", help="parse report files and print their records")
    parse.add_argument("--json", action="store_true", help="one compact JSON object per line")
    parse.add_argument("files", nargs="+")
    parse.set_defaults(handler=parse_command)
    build = commands.add_parser("build", help="build the DuckDB warehouse from a folder of reports")
    from etl.build import add_build_arguments

    add_build_arguments(build)
    build.set_defaults(handler=build_command)
    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
