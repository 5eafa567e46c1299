"""Writes of user accounts: accounts for login by e-mailed code, their e-mail addresses,
ending sessions, deactivation, second-factor reset and deletion.

Other apps change accounts, allauth's e-mail addresses and sessions only through these.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, User
from django.contrib.sessions.models import Session
from django.db import transaction

from vises.common import audit
from vises.partnerships.models import Partnership


def sessions_end(*, naming: Callable[[dict[str, Any]], bool]) -> int:
    """End every session whose content `naming` accepts (e.g. one opened by a person's
    self-service link), expired ones too (an erasure leaves none); returns how many ended."""
    # Keys are collected first: deleting rows while a cursor walks the same table is unsafe.
    session_keys = [
        session.session_key
        for session in Session.objects.iterator()
        if naming(session.get_decoded())
    ]
    ended, _by_model = Session.objects.filter(session_key__in=session_keys).delete()
    return ended


def user_sessions_end(*, user: AbstractBaseUser) -> int:
    """End every session of the user, wherever they are logged in; returns how many ended.

    Sessions live in the database (Django's default session engine), so they are deleted there.
    """
    session_keys = set(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    ended, _by_model = Session.objects.filter(session_key__in=session_keys).delete()
    # Sessions from before session tracking, or not tracked: found by their content.
    user_id = str(user.pk)
    ended += sessions_end(naming=lambda data: str(data.get("_auth_user_id")) == user_id)
    UserSession.objects.filter(user=user).delete()
    return ended


def _username_for(email: str) -> str:
    user_model = get_user_model()
    base = email[:150]
    username, number = base, 1
    while user_model.objects.filter(username=username).exists():
        number += 1
        suffix = f"-{number}"
        username = f"{base[: 150 - len(suffix)]}{suffix}"
    return username


@transaction.atomic
def code_login_user_get_or_create(
    *,
    email: str,
    first_name: str = "",
    last_name: str = "",
    partnership: Partnership | None,
    actor: audit.Actor,
) -> User:
    """The (oldest) account with this e-mail address (any case), or a new one with an
    unusable password for login by e-mailed code; a new one writes "accounts.user.created".
    Raises ValidationError for a malformed address."""
    user_model = cast("type[User]", get_user_model())
    user = user_model.objects.filter(email__iexact=email).order_by("pk").first()
    if user is not None:
        return user
    user = user_model(
        username=_username_for(email.lower()),
        email=email,
        first_name=first_name,
        last_name=last_name,
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    audit.log(actor, "accounts.user.created", user, partnership=partnership)
    return user


@transaction.atomic
def password_user_ensure(
    *, username: str, email: str, first_name: str, last_name: str, password: str
) -> User:
    """The active account with this username, with these names, address and password,
    created when missing (the demo's logins)."""
    user_model = cast("type[User]", get_user_model())
    user, _created = user_model.objects.update_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": email,
            "is_active": True,
        },
    )
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


@transaction.atomic
def email_address_verify(*, user: AbstractBaseUser, email: str) -> EmailAddress:
    """Mark the user's address verified, so allauth sends login codes to it; a new address
    becomes primary when the user has none."""
    address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
    if address is None:
        address = EmailAddress(
            user=user,
            email=email,
            verified=True,
            primary=not EmailAddress.objects.filter(user=user, primary=True).exists(),
        )
        address.full_clean()
        address.save()
    elif not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])
    return address


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


@transaction.atomic
def user_delete(*, user: AbstractBaseUser) -> None:
    """Delete the account with its sessions, e-mail addresses and second factors (when the
    person it belongs to is erased; the caller audits the erasure)."""
    user_sessions_end(user=user)
    get_user_model().objects.filter(pk=user.pk).delete()
