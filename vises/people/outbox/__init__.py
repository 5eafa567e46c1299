"""The outbox: every message to a person, and every notice to staff, goes through here.

- `service.message_send` (queued after commit) and `service.message_deliver` (now, for a task
  that decides at send time what to send) render a message inside the person's language,
  apply the consent rule once (`service.delivery_blocked`), pick e-mail or SMS, send, record
  a `Delivery` (never the text) and write the audit event the message names.
- `staff.staff_notify` (queued) and `staff.staff_notice_deliver` (now) e-mail the
  partnership's coordinators a notice that names nobody.

Templates live in templates/messages/<name>.txt, with one HTML wrapper for e-mail
(messages/email.html). This package's __init__ imports nothing, so models.py can be loaded
while the people app's models are.
"""
