"""Public pages are light and talk to no one else (issue 9): a newcomer on a phone with a
small data plan loads each public page, with everything it asks for, in under 150 kB
transferred, and no request leaves our own host (no CDN, no web fonts, no tracker)."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from vises.cafes.tests.factories import CafeFactory
from vises.people.models import ConsentPurpose
from vises.people.tests.factories import ConsentTextFactory

pytestmark = pytest.mark.django_db(transaction=True)

BUDGET_BYTES = 150 * 1024


@pytest.fixture(autouse=True)
def _cache(settings) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.mark.parametrize("language", ["sv", "ar", "ti"])
def test_every_public_page_weighs_under_150_kb_and_asks_only_our_host(
    live_server, chromium, language
) -> None:
    cafe = CafeFactory.create(description="Välkommen på fika!")
    ConsentTextFactory.create(partnership=cafe.partnership, purpose=ConsentPurpose.REGISTER)
    pages = [
        "/",
        "/cafes/",
        f"/cafes/{cafe.pk}/",
        f"/cafes/{cafe.pk}/signup/",
        "/privacy/",
        "/me/",
        f"/host/{cafe.partnership.slug}/",
    ]
    own_host = urlparse(live_server.url).netloc
    weights: dict[str, int] = {}
    foreign: list[str] = []
    for path in pages:
        # A fresh browser per page: nothing comes from the cache, as on a first visit.
        context = chromium.new_context(
            viewport={"width": 360, "height": 740}, extra_http_headers={"Accept-Language": language}
        )
        page = context.new_page()
        requests: list = []
        page.on("requestfinished", lambda request, seen=requests: seen.append(request))
        response = page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        assert response is not None and response.status == 200, path
        total = 0
        for request in requests:
            if urlparse(request.url).netloc != own_host:
                foreign.append(request.url)
            sizes = request.sizes()
            total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        weights[path] = total
        context.close()

    assert foreign == []
    assert {path: weight for path, weight in weights.items() if weight >= BUDGET_BYTES} == {}
    assert min(weights.values()) > 1_000, weights  # the measure measures something
