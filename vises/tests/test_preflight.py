"""scripts/preflight.sh on a fake Debian: it installs what is missing when it may, else it
names the command. Every system command it calls (id, sudo, apt-get, python3, msgfmt …) is a
shim on PATH that records its arguments; no real apt-get ever runs."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

PREFLIGHT = Path(__file__).resolve().parents[2] / "scripts" / "preflight.sh"
BASH = shutil.which("bash") or "/bin/bash"

FOR_THE_APP = [
    "gettext",
    "python3-venv",
    "libpango-1.0-0",
    "libpangoft2-1.0-0",
    "fonts-dejavu-core",
    "fonts-noto-core",
    "git",
]
FOR_THE_TESTS = ["chromium", "poppler-utils", "redis-server"]
EVERYTHING = FOR_THE_APP + FOR_THE_TESTS
INSTALL_HINT = "Install them with: sudo apt-get install -y "

# Each shim is a small Python program; `state` is the fake machine's folder.
SHIM_HEAD = f"""#!{sys.executable}
import json, os, sys
from pathlib import Path
state = Path({{state!r}})
def record(name):
    with open(state / "calls.jsonl", "a") as log:
        log.write(json.dumps({{{{"command": name, "args": sys.argv[1:],
                              "frontend": os.environ.get("DEBIAN_FRONTEND")}}}}) + "\\n")
def installed():
    path = state / "installed"
    return path.read_text().split() if path.exists() else []
"""

SHIMS = {
    "id": """
assert sys.argv[1:] == ["-u"]
print((state / "uid").read_text())
""",
    # `sudo -n` works without a password only when the fake machine says so.
    "sudo": """
record("sudo")
if not (state / "passwordless-sudo").exists():
    print("sudo: a password is required", file=sys.stderr)
    sys.exit(1)
assert sys.argv[1] == "-n"
os.environ["PATH"] += ":/usr/bin:/bin"  # real sudo runs `env` from its secure path
os.execvp(sys.argv[2], sys.argv[2:])
""",
    # Installing a package creates the files the preflight looks for.
    "apt-get": """
record("apt-get")
if sys.argv[1] == "install":
    refused = (state / "uninstallable").read_text().split()
    done = [name for name in sys.argv[2:] if not name.startswith("-") and name not in refused]
    (state / "installed").write_text(" ".join(installed() + done))
    commands = {
        "gettext": ["msgfmt", "xgettext"],
        "git": ["git"],
        "poppler-utils": ["pdffonts"],
        "redis-server": ["redis-server"],
    }
    for name in done:
        for command in commands.get(name, []):
            shim = state / "bin" / command
            shim.write_text("#!/bin/sh\\n")
            shim.chmod(0o755)
    fonts = {"fonts-dejavu-core": "dejavu/DejaVuSans.ttf",
             "fonts-noto-core": "noto/NotoSansEthiopic-Regular.ttf"}
    for name in done:
        if name in fonts:
            font = state / "fonts" / fonts[name]
            font.parent.mkdir(parents=True, exist_ok=True)
            font.write_bytes(b"")
    if "chromium" in done:
        (state / "chromium").write_text("#!/bin/sh\\n")
        (state / "chromium").chmod(0o755)
""",
    # The interpreter answers the preflight's three questions from the installed packages.
    "python3": """
if sys.argv[1:] == ["-V"]:
    print("Python 3.11.2")
elif sys.argv[1] == "-c" and "version_info" in sys.argv[2]:
    sys.exit(0)
elif sys.argv[1:] == ["-c", "import venv, ensurepip"]:
    sys.exit(0 if "python3-venv" in installed() else 1)
elif sys.argv[1:] == ["-"] and "find_library" in sys.stdin.read():
    sys.exit(0 if {"libpango-1.0-0", "libpangoft2-1.0-0"} <= set(installed()) else 1)
else:
    sys.exit(f"unexpected python3 call: {sys.argv[1:]}")
""",
}


@dataclass
class Machine:
    """A fake Debian machine: who runs the script, what is installed, what apt-get did."""

    state: Path

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = {
            "PATH": str(self.state / "bin"),
            "VISES_CHROMIUM": str(self.state / "chromium"),
            "VISES_FONT_DIR": str(self.state / "fonts"),
        }
        return subprocess.run(
            [BASH, str(PREFLIGHT), *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    def calls(self) -> list[tuple[str, list[str], str | None]]:
        log = self.state / "calls.jsonl"
        if not log.exists():
            return []
        lines = [json.loads(line) for line in log.read_text().splitlines()]
        return [(line["command"], line["args"], line["frontend"]) for line in lines]

    def installed(self) -> list[str]:
        path = self.state / "installed"
        return path.read_text().split() if path.exists() else []


def make_machine(
    tmp_path: Path,
    *,
    uid: int,
    sudo: str | None = None,
    installed: tuple[str, ...] = (),
    uninstallable: tuple[str, ...] = (),
) -> Machine:
    """sudo: None (not installed), "password" (asks for one) or "passwordless"."""
    state = tmp_path / "machine"
    (state / "bin").mkdir(parents=True)
    (state / "uid").write_text(str(uid))
    (state / "uninstallable").write_text(" ".join(uninstallable))
    if sudo == "passwordless":
        (state / "passwordless-sudo").write_text("")
    head = SHIM_HEAD.format(state=str(state))
    for name, body in SHIMS.items():
        if name == "sudo" and sudo is None:
            continue
        shim = state / "bin" / name
        shim.write_text(head + textwrap.dedent(body))
        shim.chmod(0o755)
    (state / "bin" / "env").symlink_to(shutil.which("env") or "/usr/bin/env")
    machine = Machine(state)
    if installed:
        # Install the starting packages through the fake apt-get, then forget the calls.
        subprocess.run(
            [str(state / "bin" / "apt-get"), "install", *installed],
            check=True,
            timeout=30,
        )
        (state / "calls.jsonl").unlink()
    return machine


def test_without_root_or_sudo_it_names_the_command_and_installs_nothing(tmp_path):
    machine = make_machine(tmp_path, uid=1000)

    result = machine.run("test")

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "Missing system packages: " + " ".join(EVERYTHING),
        INSTALL_HINT + " ".join(EVERYTHING),
    ]
    assert machine.calls() == []


def test_a_sudo_that_asks_for_a_password_is_not_used(tmp_path):
    machine = make_machine(tmp_path, uid=1000, sudo="password", installed=tuple(FOR_THE_APP))

    result = machine.run("test")

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "Missing system packages: chromium poppler-utils redis-server",
        INSTALL_HINT + "chromium poppler-utils redis-server",
    ]
    assert machine.calls() == [("sudo", ["-n", "true"], None)]


def test_as_root_it_installs_the_missing_packages_with_one_update(tmp_path):
    machine = make_machine(tmp_path, uid=0)

    first = machine.run("test")
    calls = machine.calls()
    second = machine.run("test")

    assert (first.returncode, second.returncode) == (0, 0)
    assert calls == [
        ("apt-get", ["update", "-qq"], "noninteractive"),
        ("apt-get", ["install", "-y", "-q", *EVERYTHING], "noninteractive"),
    ]
    assert machine.installed() == EVERYTHING
    assert machine.calls() == calls  # the second run found everything


def test_with_passwordless_sudo_it_installs_through_sudo(tmp_path):
    machine = make_machine(
        tmp_path, uid=1000, sudo="passwordless", installed=("python3-venv", "git")
    )

    result = machine.run()

    wanted = [
        "gettext",
        "libpango-1.0-0",
        "libpangoft2-1.0-0",
        "fonts-dejavu-core",
        "fonts-noto-core",
    ]
    sudo = ["-n", "env", "DEBIAN_FRONTEND=noninteractive", "apt-get"]
    assert result.returncode == 0
    assert machine.calls() == [
        ("sudo", ["-n", "true"], None),
        ("sudo", [*sudo, "update", "-qq"], None),
        ("apt-get", ["update", "-qq"], "noninteractive"),
        ("sudo", [*sudo, "install", "-y", "-q", *wanted], None),
        ("apt-get", ["install", "-y", "-q", *wanted], "noninteractive"),
    ]


def test_make_run_does_not_ask_for_chromium(tmp_path):
    machine = make_machine(tmp_path, uid=1000, installed=tuple(FOR_THE_APP))

    run = machine.run()
    test = machine.run("test")

    assert (run.returncode, run.stderr) == (0, "")
    assert (test.returncode, test.stderr.splitlines()[0]) == (
        1,
        "Missing system packages: chromium poppler-utils redis-server",
    )


def test_a_package_apt_get_did_not_install_is_named(tmp_path):
    machine = make_machine(tmp_path, uid=0, installed=("gettext",), uninstallable=("chromium",))

    result = machine.run("test")

    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == "Still missing after apt-get install: chromium"


def test_install_gives_ci_the_same_way_to_install_a_package(tmp_path):
    machine = make_machine(tmp_path, uid=0)

    result = machine.run("install", "postgresql")

    assert result.returncode == 0
    assert machine.calls() == [
        ("apt-get", ["update", "-qq"], "noninteractive"),
        ("apt-get", ["install", "-y", "-q", "postgresql"], "noninteractive"),
    ]


def test_without_python_it_asks_for_python_too(tmp_path):
    machine = make_machine(tmp_path, uid=1000, installed=tuple(EVERYTHING))
    (machine.state / "bin" / "python3").unlink()

    result = machine.run()

    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == INSTALL_HINT + "python3 python3-venv"


def test_ci_has_no_list_of_its_own():
    """CI installs the system packages through the preflight, never from a second list."""
    text = (PREFLIGHT.parents[1] / ".ci" / "run").read_text()

    assert "bash scripts/preflight.sh test" in text
    assert [name for name in EVERYTHING if re.search(rf"\b{re.escape(name)}\b", text)] == []
