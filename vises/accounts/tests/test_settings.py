"""The login settings as production loads them from the environment (a fresh interpreter)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from vises.accounts.tests.support import PRODUCTION_RATE_LIMITS

SHOW_SETTINGS = """
import json
from vises import settings as s
print(json.dumps({
    "VISES_DEV": s.VISES_DEV,
    "ACCOUNT_RATE_LIMITS": s.ACCOUNT_RATE_LIMITS,
    "SESSION_COOKIE_AGE": s.SESSION_COOKIE_AGE,
    "SESSION_SAVE_EVERY_REQUEST": s.SESSION_SAVE_EVERY_REQUEST,
    "VISES_SESSION_ABSOLUTE_SECONDS": s.VISES_SESSION_ABSOLUTE_SECONDS,
    "ACCOUNT_LOGIN_ON_PASSWORD_RESET": s.ACCOUNT_LOGIN_ON_PASSWORD_RESET,
    "ACCOUNT_PREVENT_ENUMERATION": s.ACCOUNT_PREVENT_ENUMERATION,
    "ACCOUNT_LOGIN_BY_CODE_ENABLED": s.ACCOUNT_LOGIN_BY_CODE_ENABLED,
    "MFA_SUPPORTED_TYPES": s.MFA_SUPPORTED_TYPES,
    "MIDDLEWARE": s.MIDDLEWARE,
}))
"""


def load_settings(tmp_path: Path, **env: str) -> dict:
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("VISES_", "DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_"))
    }
    clean.update(
        {
            "SECRET_KEY": "a-production-like-secret-key-for-this-test-only-0123456789",
            "ALLOWED_HOSTS": "vises.example.org",
            "EMAIL_HOST": "smtp.example.org",
            "VISES_DATA_DIR": str(tmp_path),
        }
    )
    clean.update(env)
    result = subprocess.run(  # noqa: S603 - this interpreter with a fixed script
        [sys.executable, "-c", SHOW_SETTINGS],
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def test_production_login_settings(tmp_path):
    loaded = load_settings(tmp_path)

    assert loaded["VISES_DEV"] is False
    assert loaded["ACCOUNT_RATE_LIMITS"] == PRODUCTION_RATE_LIMITS
    assert loaded["SESSION_COOKIE_AGE"] == 1800
    assert loaded["SESSION_SAVE_EVERY_REQUEST"] is True
    assert loaded["VISES_SESSION_ABSOLUTE_SECONDS"] == 12 * 60 * 60
    assert loaded["ACCOUNT_LOGIN_ON_PASSWORD_RESET"] is False
    assert loaded["ACCOUNT_PREVENT_ENUMERATION"] is True
    assert loaded["ACCOUNT_LOGIN_BY_CODE_ENABLED"] is True
    assert loaded["MFA_SUPPORTED_TYPES"] == ["totp", "recovery_codes"]


def test_vises_rate_limits_0_switches_allauths_limits_off(tmp_path):
    assert load_settings(tmp_path, VISES_RATE_LIMITS="0")["ACCOUNT_RATE_LIMITS"] is False
    assert load_settings(tmp_path, VISES_RATE_LIMITS="1")["ACCOUNT_RATE_LIMITS"] == (
        PRODUCTION_RATE_LIMITS
    )


def test_the_login_middleware_runs_in_the_right_order(tmp_path):
    """Both checks need the user; the second factor check also needs allauth's request context."""
    middleware = load_settings(tmp_path)["MIDDLEWARE"]
    position = {name.rsplit(".", 1)[-1]: index for index, name in enumerate(middleware)}

    assert (
        position["SessionMiddleware"]
        < position["AuthenticationMiddleware"]
        < position["SessionLimitsMiddleware"]
        < position["AccountMiddleware"]
        < position["SecondFactorRequiredMiddleware"]
    )
