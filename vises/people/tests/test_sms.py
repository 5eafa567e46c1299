"""SMS go through one small backend interface: console, one file per message, or an outbox."""

from __future__ import annotations

import stat

import pytest

from vises.common import sms


def test_tests_collect_sms_in_the_outbox():
    sms.send_sms("+46701234567", "Hej!")

    assert [(message.to, message.body) for message in sms.outbox] == [("+46701234567", "Hej!")]


def test_the_file_backend_writes_one_file_per_message(settings, tmp_path):
    settings.VISES_SMS_BACKEND = "vises.common.sms.FileBackend"
    settings.VISES_SMS_FILE_PATH = tmp_path / "sms"

    sms.send_sms("+46701234567", "Första")
    sms.send_sms("+46709876543", "Andra")

    files = sorted((tmp_path / "sms").iterdir())
    assert len(files) == 2
    texts = sorted(path.read_text(encoding="utf-8") for path in files)
    assert texts[0].startswith("To: +46701234567\n") and texts[0].endswith("\n\nFörsta\n")
    assert texts[1].startswith("To: +46709876543\n") and texts[1].endswith("\n\nAndra\n")
    assert {stat.S_IMODE(path.stat().st_mode) for path in files} == {0o600}
    assert sms.outbox == []


def test_the_console_backend_prints_the_message(settings, capsys):
    settings.VISES_SMS_BACKEND = "vises.common.sms.ConsoleBackend"

    sms.send_sms("+46701234567", "Hej på konsolen")

    out = capsys.readouterr().out
    assert "To: +46701234567" in out
    assert "Hej på konsolen" in out


def test_a_message_needs_a_number():
    with pytest.raises(ValueError, match="phone number"):
        sms.send_sms("", "Hej")

    assert sms.outbox == []
