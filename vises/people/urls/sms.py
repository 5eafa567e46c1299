"""The SMS provider's webhooks under /sms/<token>/ (vises.people.views.sms, docs/sms.md)."""

from django.urls import URLPattern, URLResolver, path

from vises.people.views import sms

urlpatterns: list[URLPattern | URLResolver] = [
    path("<str:token>/delivered/", sms.sms_delivery_status, name="sms_delivery_status"),
    path("<str:token>/inbound/", sms.sms_inbound, name="sms_inbound"),
]
