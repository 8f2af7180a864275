"""`python -m etl build`: placeholder until the warehouse issue lands."""

from __future__ import annotations

import argparse


def add_build_arguments(parser: argparse.ArgumentParser) -> None:
    """Flags of the build command."""
    parser.add_argument("directory", nargs="?", default="data")


def run_build(args: argparse.Namespace) -> int:
    """Build the warehouse (not yet implemented)."""
    print("warehouse build is not implemented yet")
    return 0
