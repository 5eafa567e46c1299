"""`vises token create USERNAME [--name NAME]`: a Bearer token for the HTTP API (DESIGN §9),
printed once on stdout; only its digest is stored. `vises token list USERNAME` shows the
user's tokens by their first characters; `vises token revoke PREFIX` ends one.

Only staff (coordinator, manager, municipal, admin in some partnership) get a token; what a
token may read is what its user's memberships allow at the time of each request.
Exit codes: 0 done; 1 refused (one line on stderr): no such user, not staff, no such token or
several; 2 wrong usage (argparse).
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from vises.api.models import ApiToken
from vises.api.tokens import token_create, token_revoke
from vises.partnerships.access import user_is_staff

ACTOR = "system:token-command"


def _user(username: str) -> User:
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(_("No active user is called %(username)s.") % {"username": username})
    return user


class Command(BaseCommand):
    help = "Create, list or revoke API tokens."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="a new token for a staff user")
        create.add_argument("username")
        create.add_argument("--name", default="", help="what the token is for")
        listing = actions.add_parser("list", help="the user's tokens")
        listing.add_argument("username")
        revoke = actions.add_parser("revoke", help="end a token")
        revoke.add_argument("prefix", help="the token's first eight characters")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            user = _user(options["username"])
            if not user_is_staff(user):
                raise CommandError(
                    _("%(username)s holds no staff role; only staff get API tokens.")
                    % {"username": options["username"]}
                )
            _token, raw = token_create(user=user, name=options["name"][:100], actor=ACTOR)
            self.stdout.write(raw)
        elif action == "list":
            user = _user(options["username"])
            for token in ApiToken.objects.filter(user=user).order_by("created_at"):
                state = (
                    _("revoked %(date)s") % {"date": token.revoked_at.date().isoformat()}
                    if token.revoked_at
                    else _("in use")
                )
                self.stdout.write(
                    f"{token.prefix}  {token.created_at.date().isoformat()}  {state}  {token.name}"
                )
        else:
            prefix = options["prefix"]
            found = list(ApiToken.objects.filter(prefix=prefix, revoked_at__isnull=True)[:2])
            if not found:
                raise CommandError(
                    _("No token in use starts with %(prefix)s.") % {"prefix": prefix}
                )
            if len(found) > 1:
                raise CommandError(
                    _("Several tokens in use start with %(prefix)s; none was revoked.")
                    % {"prefix": prefix}
                )
            token_revoke(token=found[0], actor=ACTOR)
            self.stdout.write(_("Revoked."))
