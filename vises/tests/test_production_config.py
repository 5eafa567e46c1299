"""Production configuration: the deploy check is clean, and missing settings stop the start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

VISES = str(Path(sys.executable).with_name("vises"))


def production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            ("VISES_", "DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_", "DJANGO_")
        )
    }
    env.update(
        {
            "SECRET_KEY": "k8f3-production-secret-Q2x9vLmN4pRt7wYz1aBcDeFgHiJkLmNoPqRsTuVwXy",
            "ALLOWED_HOSTS": "vises.example.org",
            "EMAIL_HOST": "smtp.example.org",
            "VISES_DATA_DIR": str(tmp_path),
        }
    )
    env.update(overrides)
    return {key: value for key, value in env.items() if value != ""}


def run_vises(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own console script with fixed arguments
        [VISES, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_deploy_check_with_production_settings_is_clean(tmp_path: Path) -> None:
    result = run_vises(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize("variable", ["SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_HOST"])
def test_production_refuses_to_start_and_names_the_missing_variable(
    tmp_path: Path, variable: str
) -> None:
    result = run_vises(production_env(tmp_path, **{variable: ""}), "check")

    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"vises: {variable} is not set. Vi Ses! refuses to start in production without it "
        "(set VISES_DEV=1 for a development machine)."
    ]


def test_demo_refuses_in_production_with_exit_code_1(tmp_path: Path) -> None:
    env = production_env(tmp_path)
    assert run_vises(env, "migrate", "--noinput", "-v0").returncode == 0

    result = run_vises(env, "demo")

    assert result.returncode == 1
    assert "VISES_DEV=1" in result.stderr
    assert "demo-coordinator" not in result.stdout


def test_development_generates_and_keeps_a_secret_key(tmp_path: Path) -> None:
    env = production_env(tmp_path, SECRET_KEY="", ALLOWED_HOSTS="", EMAIL_HOST="", VISES_DEV="1")

    first = run_vises(env, "check")
    key = (tmp_path / "secret_key").read_text()
    second = run_vises(env, "check")

    assert first.returncode == 0 and second.returncode == 0
    assert len(key) >= 50
    assert (tmp_path / "secret_key").read_text() == key
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"
