"""The audit log: `audit.log` is the one way to write it, `verify_chains` the way to check it.

Every event is chained to the previous one of its partnership by a SHA-256 hash, so an
edited, removed or re-ordered event shows. Events never carry a registered person's data
(DESIGN §6): the actor is a user id or `link:<purpose>`, objects are named by type and id,
and only the names of changed fields are kept, never their values.
"""

from __future__ import annotations

import contextvars
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from vises.common.models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64
GLOBAL_CHAIN = "global"

# The client address of the request being served (set by TrustedProxyMiddleware).
client_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("client_ip", default=None)

Actor = AbstractBaseUser | AnonymousUser | str | None


def chain_for(partnership_id: int | None) -> str:
    return f"partnership:{partnership_id}" if partnership_id else GLOBAL_CHAIN


# An actor given as text names a purpose, never a person: `link:<purpose>`, `system:<job>`.
ACTOR_TEXT = re.compile(r"(?:link|system):[A-Za-z0-9_.-]{1,60}|user:[0-9]{1,19}|anonymous")
# Changed fields are named, never given by value (DESIGN §6).
FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]{0,79}")


def actor_label(actor: Actor) -> str:
    if actor is None or isinstance(actor, AnonymousUser):
        return "anonymous"
    if isinstance(actor, str):
        if not ACTOR_TEXT.fullmatch(actor):
            raise ValueError(
                f"audit actor must be a user, 'link:<purpose>' or 'system:<job>', got {actor!r}"
            )
        return actor
    return f"user:{actor.pk}"


def event_hash(event: AuditEvent) -> str:
    """The SHA-256 of an event's content and its predecessor's hash."""
    content = {
        "chain": event.chain,
        "seq": event.seq,
        "at": event.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": event.actor,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "partnership_id": event.partnership_id,
        "ip": event.ip,
        "fields": list(event.fields or []),
        "prev_hash": event.prev_hash,
    }
    encoded = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(encoded.encode()).hexdigest()


def _partnership_id_of(obj: Any) -> int | None:
    if obj is None:
        return None
    if obj._meta.label_lower == "partnerships.partnership":
        return int(obj.pk)
    value = getattr(obj, "partnership_id", None)
    return int(value) if value is not None else None


# Who counts as staff (whose IP address the log keeps) is the partnerships app's to say: it
# registers its check in its AppConfig.ready().
_STAFF_CHECKS: list[Callable[[AbstractBaseUser], bool]] = []


def register_staff_check(check: Callable[[AbstractBaseUser], bool]) -> None:
    if check not in _STAFF_CHECKS:
        _STAFF_CHECKS.append(check)


def _is_staff(actor: Actor) -> bool:
    if not isinstance(actor, AbstractBaseUser):
        return False
    return any(check(actor) for check in _STAFF_CHECKS)


def _lock_head(chain: str) -> AuditChainHead:
    head = AuditChainHead.objects.select_for_update().filter(chain=chain).first()
    if head is None:
        try:
            with transaction.atomic():
                AuditChainHead.objects.create(chain=chain, seq=0, hash=GENESIS_HASH)
        except IntegrityError:
            pass  # another writer created it first; lock theirs
        head = AuditChainHead.objects.select_for_update().get(chain=chain)
    return head


def log(
    actor: Actor,
    action: str,
    obj: models.Model | None = None,
    *,
    partnership: models.Model | None = None,
    fields: Iterable[str] = (),
) -> AuditEvent:
    """Append one event to its partnership's chain and return it.

    `action` is `<app>.<model>.<verb>`; `fields` are names only. The IP address is kept
    for staff actors only.
    """
    if action.count(".") < 2:
        raise ValueError(f"audit action must be <app>.<model>.<verb>, got {action!r}")
    field_names = sorted(set(fields))
    if not all(FIELD_NAME.fullmatch(name) for name in field_names):
        raise ValueError(f"audit fields are field names, never values; got {field_names!r}")
    label = actor_label(actor)
    partnership_id = int(partnership.pk) if partnership is not None else _partnership_id_of(obj)
    chain = chain_for(partnership_id)
    with transaction.atomic():
        head = _lock_head(chain)
        event = AuditEvent(
            chain=chain,
            seq=head.seq + 1,
            at=datetime.now(UTC),
            actor=label,
            action=action,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
            partnership_id=partnership_id,
            ip=client_ip.get() if _is_staff(actor) else None,
            fields=field_names,
            prev_hash=head.hash,
        )
        event.hash = event_hash(event)
        event.save(force_insert=True)
        AuditChainHead.objects.filter(pk=head.pk).update(seq=event.seq, hash=event.hash)
    return event


@dataclass(frozen=True)
class ChainReport:
    chain: str
    events: int
    broken_event_id: int | None = None
    broken_seq: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return not self.reason


def _recorded_heads(path: Path) -> dict[str, list[tuple[int, str, str]]]:
    """Heads written by the daily job: chain -> [(seq, hash, recorded_at)]."""
    heads: dict[str, list[tuple[int, str, str]]] = {}
    if not path.exists():
        return heads
    for line in path.read_text().splitlines():
        if not line.strip():
            continue
        entry = json.loads(line)
        heads.setdefault(entry["chain"], []).append(
            (int(entry["seq"]), entry["hash"], entry["recorded_at"])
        )
    return heads


def verify_chain(chain: str, recorded: list[tuple[int, str, str]] | None = None) -> ChainReport:
    """Recompute one chain; the report names the first event that does not hold."""
    expected_seq = 1
    prev_hash = GENESIS_HASH
    count = 0
    hashes_by_seq: dict[int, str] = {}
    wanted = {seq for seq, _hash, _at in recorded or []}
    events: Iterator[AuditEvent] = (
        AuditEvent.objects.filter(chain=chain).order_by("seq").iterator(chunk_size=2000)
    )
    for event in events:
        count += 1
        if event.seq != expected_seq:
            return ChainReport(
                chain,
                count,
                event.pk,
                event.seq,
                _("event #%(missing)s is missing before event %(id)s (#%(seq)s)")
                % {"missing": expected_seq, "id": event.pk, "seq": event.seq},
            )
        if event.prev_hash != prev_hash:
            return ChainReport(
                chain,
                count,
                event.pk,
                event.seq,
                _("event %(id)s (#%(seq)s) does not follow the previous event")
                % {"id": event.pk, "seq": event.seq},
            )
        if event_hash(event) != event.hash:
            return ChainReport(
                chain,
                count,
                event.pk,
                event.seq,
                _("event %(id)s (#%(seq)s) was changed after it was written")
                % {"id": event.pk, "seq": event.seq},
            )
        if event.seq in wanted:
            hashes_by_seq[event.seq] = event.hash
        prev_hash = event.hash
        expected_seq += 1
    last_seq = expected_seq - 1
    for seq, recorded_hash, recorded_at in recorded or []:
        if seq > last_seq:
            return ChainReport(
                chain,
                count,
                None,
                seq,
                _(
                    "events after #%(last)s are missing: event #%(seq)s was recorded "
                    "outside the database at %(at)s"
                )
                % {"last": last_seq, "seq": seq, "at": recorded_at},
            )
        if hashes_by_seq.get(seq) != recorded_hash:
            return ChainReport(
                chain,
                count,
                None,
                seq,
                _("event #%(seq)s differs from the hash recorded outside the database at %(at)s")
                % {"seq": seq, "at": recorded_at},
            )
    # The head row moves with every append, so a tail cut (or an event slipped in past
    # audit.log) shows even before the first daily record, unless the head was rewound too.
    head = AuditChainHead.objects.filter(chain=chain).values_list("seq", "hash").first()
    if head is not None and head[0] > last_seq:
        return ChainReport(
            chain,
            count,
            None,
            last_seq + 1,
            _("events after #%(last)s are missing: the chain head is at #%(head)s")
            % {"last": last_seq, "head": head[0]},
        )
    if head is not None and head != (last_seq, prev_hash):
        return ChainReport(
            chain,
            count,
            None,
            last_seq,
            _("the chain head is at #%(head)s, not at the last event #%(last)s")
            % {"head": head[0], "last": last_seq},
        )
    return ChainReport(chain, count)


def verify_chains(heads_file: Path | None = None) -> list[ChainReport]:
    """Verify every chain in the database and every chain the heads file knows of."""
    recorded = _recorded_heads(heads_file or settings.VISES_AUDIT_HEADS_FILE)
    chains = set(AuditEvent.objects.values_list("chain", flat=True).distinct())
    chains |= set(AuditChainHead.objects.values_list("chain", flat=True))
    chains |= set(recorded)
    return [verify_chain(chain, recorded.get(chain)) for chain in sorted(chains)]


def record_heads(heads_file: Path | None = None) -> int:
    """Append each chain's current head to a file outside the database; returns the count."""
    path = heads_file or settings.VISES_AUDIT_HEADS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    lines = []
    for chain, seq, hash_ in AuditEvent.objects.values_list("chain", "seq", "hash").filter(
        pk__in=models.Subquery(
            AuditEvent.objects.values("chain").annotate(last=models.Max("pk")).values("last")
        )
    ):
        lines.append(json.dumps({"chain": chain, "seq": seq, "hash": hash_, "recorded_at": now}))
    with path.open("a") as handle:
        for line in lines:
            handle.write(line + "\n")
    return len(lines)
