"""`vises check --deploy` warns when the HTTP SMS provider is chosen but cannot work: no
credentials, no callback token, a sender the provider refuses, or a base address longer than
the SMS budgets were measured with (docs/sms.md)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register

from vises.common.sms import SENDER

HTTP_BACKEND = "vises.common.sms.ElksBackend"
# The SMS budgets (vises/people/tests/sms/test_budgets.py) hold for addresses this long.
BASE_URL_BUDGET = 30


@register(Tags.security, deploy=True)
def sms_provider_check(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    if settings.VISES_SMS_BACKEND != HTTP_BACKEND:
        return []
    warnings = []
    if not settings.VISES_SMS_API_USER or not settings.VISES_SMS_API_PASSWORD:
        warnings.append(
            Warning(
                "The HTTP SMS backend is selected without VISES_SMS_API_USER and "
                "VISES_SMS_API_PASSWORD: no SMS will go.",
                id="vises.W101",
            )
        )
    if len(settings.VISES_SMS_CALLBACK_TOKEN) < 20:
        warnings.append(
            Warning(
                "VISES_SMS_CALLBACK_TOKEN is missing or shorter than 20 characters: delivery "
                "reports and STOP replies cannot be received safely.",
                id="vises.W102",
            )
        )
    if not SENDER.fullmatch(settings.VISES_SMS_FROM):
        warnings.append(
            Warning(
                "VISES_SMS_FROM must be 3–11 letters and digits starting with a letter, or "
                "an E.164 number.",
                id="vises.W103",
            )
        )
    if len(settings.VISES_BASE_URL) > BASE_URL_BUDGET:
        warnings.append(
            Warning(
                f"VISES_BASE_URL is longer than {BASE_URL_BUDGET} characters: receipts and "
                "reminders by SMS may take more parts than planned (docs/sms.md).",
                id="vises.W104",
            )
        )
    return warnings
