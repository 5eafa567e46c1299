"""Login bookkeeping: the absolute session limit starts at login, and logins are audited."""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from vises.accounts.middleware import LOGIN_AT_KEY
from vises.common import audit


@receiver(user_logged_in, dispatch_uid="vises_login_bookkeeping")
def on_login(
    sender: Any, request: HttpRequest | None, user: AbstractBaseUser, **kwargs: Any
) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT_KEY] = time.time()
    audit.log(user, "accounts.user.logged_in", user)
