"""What the steering app stores, field by field (vises.common.privacy; loaded by the app's
AppConfig.ready()). Attendees and owners are memberships (staff accounts, classified by the
partnerships app); the free texts are the group's own and name nobody in the register."""

from __future__ import annotations

from vises.common.privacy import classify, not_personal

FREE_TEXT = (
    "the steering group's own text about the partnership, read by the municipal member too; "
    "the form says never to name a person in the register"
)

classify(
    "steering.SteeringMeeting",
    {
        "place": not_personal("a meeting room or an address of an organisation"),
        "agenda": not_personal(FREE_TEXT),
        "minutes": not_personal(FREE_TEXT),
        "decisions": not_personal(FREE_TEXT),
    },
)
classify(
    "steering.ActionItem",
    {
        "text": not_personal(FREE_TEXT),
        "status": not_personal(),
    },
)
