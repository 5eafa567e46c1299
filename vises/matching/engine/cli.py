"""`vises match --input IN.json [--output OUT.json]`: the engine as a pure tool.

Runs before Django is set up (vises/__main__.py), so it needs no database and no settings.
Exit codes: 0 done; 2 bad usage or bad input, with one line on stderr naming the problem.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, NoReturn

from vises.matching.engine import match
from vises.matching.engine.contract import InputError, parse, result_document

PROG = "vises match"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        print(f"{PROG}: {message}", file=sys.stderr)
        sys.exit(2)


def _reject_constant(name: str) -> Any:
    raise InputError(f"malformed JSON: {name} is not a number in JSON")


def _problem(message: str) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return 2


def main(argv: list[str]) -> int:
    parser = _Parser(
        prog=PROG,
        description="Pair participants with language friends: the most pairs, then the "
        "highest total score (docs/matching.md).",
    )
    parser.add_argument("--input", required=True, metavar="IN.json", help="'-' reads stdin")
    parser.add_argument("--output", metavar="OUT.json", help="default: standard output")
    args = parser.parse_args(argv)

    try:
        text = sys.stdin.read() if args.input == "-" else Path(args.input).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return _problem(f"cannot read {args.input}: {getattr(error, 'strerror', None) or error}")
    try:
        document = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        return _problem(f"malformed JSON at line {error.lineno} column {error.colno}: {error.msg}")
    except (InputError, RecursionError) as error:
        return _problem(str(error) if isinstance(error, InputError) else "malformed JSON")
    try:
        problem = parse(document)
    except InputError as error:
        return _problem(str(error))
    for name in problem.ignored:
        print(f"{PROG}: ignored unknown attribute {name}", file=sys.stderr)

    result = match(problem.participants, problem.friends, problem.settings, problem.weights)
    output = json.dumps(result_document(result), ensure_ascii=False, indent=2) + "\n"
    if args.output is None:
        sys.stdout.write(output)
        return 0
    target = Path(args.output)
    try:
        # Written whole or not at all: a reader never sees half a file.
        handle, temporary = tempfile.mkstemp(dir=target.parent or ".", prefix=".match-")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(output)
        os.replace(temporary, target)
    except OSError as error:
        return _problem(f"cannot write {args.output}: {error.strerror or error}")
    return 0
