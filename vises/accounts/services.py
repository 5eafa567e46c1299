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
    """End every session of the user, wherever they are logged in; returns how many ended.

    Sessions live in the database (Django's default session engine), so they are deleted there.
    """
    session_keys = set(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    # Sessions from before session tracking, or not tracked: find them by their content.
    # Keys are collected first: deleting rows while a cursor walks the same table is unsafe.
    user_id = str(user.pk)
    session_keys.update(
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == user_id
    )
    ended, _by_model = Session.objects.filter(session_key__in=session_keys).delete()
    UserSession.objects.filter(user=user).delete()
    return ended


@transaction.atomic
def user_deactivate(
    *, user: AbstractBaseUser, partnership: Partnership | None, actor: audit.Actor
) -> AbstractBaseUser:
    """Deactivate the account and end all its sessions at once."""
    user_sessions_end(user=user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit.log(
        actor, "accounts.user.deactivated", user, partnership=partnership, fields=["is_active"]
    )
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
    audit.log(
        actor,
        "accounts.user.second_factor_reset",
        user,
        partnership=partnership,
        fields=["authenticators"],
    )
    return removed
