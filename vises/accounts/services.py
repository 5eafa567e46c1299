"""Writes of user accounts: deactivation and second-factor reset."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from vises.common import audit
from vises.partnerships.models import Partnership


def user_sessions_end(*, user: AbstractBaseUser) -> int:
    """End every session of the user, wherever they are logged in; returns how many ended."""
    ended = 0
    for user_session in UserSession.objects.filter(user=user):
        user_session.end()
        ended += 1
    # Sessions from before session tracking, or not tracked: find them by their content.
    user_id = str(user.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == user_id:
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def user_deactivate(
    *, user: AbstractBaseUser, partnership: Partnership | None, actor: audit.Actor
) -> AbstractBaseUser:
    """Deactivate the account and end all its sessions at once."""
    user_sessions_end(user=user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit.log(actor, "accounts.user.deactivated", user, partnership=partnership,
              fields=["is_active"])
    return user


@transaction.atomic
def second_factor_reset(
    *, user: AbstractBaseUser, partnership: Partnership | None, actor: audit.Actor
) -> int:
    """Remove a user's second factors (lost phone); they must enrol again at next login.

    Ends the user's sessions too, so whoever holds the lost device is logged out.
    Returns how many authenticators were removed.
    """
    removed, _by_type = Authenticator.objects.filter(user=user).delete()
    user_sessions_end(user=user)
    audit.log(actor, "accounts.user.second_factor_reset", user, partnership=partnership,
              fields=["authenticators"])
    return removed
