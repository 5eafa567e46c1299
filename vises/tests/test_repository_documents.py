"""The README and docs/ stand on their own: every environment variable the settings read is in
the README's configuration table (and nothing else is), and no document sends the reader to a
file outside the repository."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
SETTINGS = PROJECT_DIR / "vises" / "settings.py"
README = PROJECT_DIR / "README.md"
DOCUMENTS = [README, *sorted((PROJECT_DIR / "docs").glob("*.md"))]
# The settings' own helpers that take the variable's name first (see vises/settings.py).
READERS = {"env_bool", "env_list", "required"}


def variables_read_by_settings() -> set[str]:
    """Names passed to os.environ.get / os.environ[...] / os.getenv / the settings' helpers
    (outside the helpers themselves, which pass the name on)."""
    module = ast.parse(SETTINGS.read_text())
    helpers = [node for node in module.body if getattr(node, "name", None) in READERS]
    inside_helpers = {id(node) for helper in helpers for node in ast.walk(helper)}
    names: set[str] = set()
    for node in ast.walk(module):
        if id(node) in inside_helpers:
            continue
        if isinstance(node, ast.Call) and node.args:
            function = ast.unparse(node.func)
            if function in {"os.environ.get", "os.getenv"} or function in READERS:
                first = node.args[0]
                assert isinstance(first, ast.Constant), ast.unparse(node)
                names.add(str(first.value))
        elif isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
            assert isinstance(node.slice, ast.Constant), ast.unparse(node)
            names.add(str(node.slice.value))
    return names


def variables_in_readme_table() -> set[str]:
    """The variables named in the first column of the README's configuration table."""
    section = README.read_text().split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]*)`", row.split("|")[1])}


def test_the_parser_sees_how_settings_read_the_environment():
    names = variables_read_by_settings()

    assert {"VISES_DEV", "SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_USE_TLS", "VISES_BASE_URL"} <= names
    assert "PORT" not in names  # honcho rewrites it per process (see the Makefile's run)


def test_every_variable_the_settings_read_is_in_the_readme_and_only_those():
    in_settings = variables_read_by_settings()
    in_readme = variables_in_readme_table()

    assert sorted(in_settings - in_readme) == [], "read by vises/settings.py, not in the README"
    assert sorted(in_readme - in_settings) == [], "in the README, never read by vises/settings.py"


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.name)
def test_no_document_sends_the_reader_outside_the_repository(document):
    text = document.read_text()

    assert re.findall(r"\.\./\S*", text) == []
    # DESIGN.md and STYLE.md live beside the repository, not in it.
    assert re.findall(r"\b(?:DESIGN|STYLE)(?:\.md| §\d+)", text) == []
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text):
        if not re.match(r"[a-z]+:", target):
            assert (document.parent / target).exists(), target


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.name)
def test_documents_name_only_commands_and_files_that_exist(document):
    from django.core.management import get_commands

    text = document.read_text()
    commands = set(re.findall(r"`vises ([a-z][a-z_-]*)", text))
    files = {
        path
        for path in re.findall(r"`((?:vises|docs|scripts|bench|\.ci)/[^`\s]*)`", text)
        if not re.search(r"[<…*]", path)
    }

    # `vises match` is the pure matching tool, dispatched before Django loads (vises/__main__.py).
    assert sorted(commands - set(get_commands()) - {"match"}) == []
    assert sorted(path for path in files if not (PROJECT_DIR / path).exists()) == []
