"""Making, checking and revoking API tokens. A token is 43 URL-safe characters from
`secrets`; the database keeps its SHA-256 and its first eight characters (to tell tokens apart
in a listing), never the token."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from vises.api.models import ApiToken
from vises.common import audit

PREFIX_LENGTH = 8
# Longer than any token we make: a longer header is not looked up at all.
LONGEST = 100


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


@transaction.atomic
def token_create(*, user: User, name: str, actor: audit.Actor) -> tuple[ApiToken, str]:
    """A new token for the user: the stored row and the token itself (shown once)."""
    raw = secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, digest=_digest(raw), prefix=raw[:PREFIX_LENGTH])
    token.full_clean()
    token.save()
    audit.log(actor, "api.apitoken.created", token, fields=["user", "name"])
    return token, raw


def token_user(raw: str) -> User | None:
    """The active user whose token this is, or None (unknown, revoked, or the user
    deactivated). Only the token's digest reaches the database, whatever the header held."""
    if not raw or len(raw) > LONGEST:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


@transaction.atomic
def token_revoke(*, token: ApiToken, actor: audit.Actor) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        audit.log(actor, "api.apitoken.revoked", token, fields=["revoked_at"])
    return token
