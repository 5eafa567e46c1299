from __future__ import annotations

from collections.abc import Iterator

import pytest

from vises.people.tests.sms import provider as fake

TOKEN = "cb-9f8e7d6c5b4a39281706f5e4d3c2b1a0"


@pytest.fixture
def provider(settings) -> Iterator[fake.FakeProvider]:
    """The fake provider, with the app's SMS settings pointing at it."""
    server = fake.start()
    settings.VISES_SMS_BACKEND = "vises.common.sms.ElksBackend"
    settings.VISES_SMS_API_URL = server.url
    settings.VISES_SMS_API_USER = fake.USER
    settings.VISES_SMS_API_PASSWORD = fake.PASSWORD
    settings.VISES_SMS_FROM = "ViSes"
    settings.VISES_SMS_CALLBACK_TOKEN = TOKEN
    settings.VISES_SMS_TIMEOUT = 5
    yield server
    assert server.server is not None
    server.server.shutdown()
    server.server.server_close()
