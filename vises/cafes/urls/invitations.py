"""A person's answer to an invitation, mounted at /invitations/ (no login: the signed token
of vises.cafes.links.registrations is the key)."""

from django.urls import URLPattern, URLResolver, path

from vises.cafes.views import invitations

urlpatterns: list[URLPattern | URLResolver] = [
    path("<str:token>/", invitations.invitation_page, name="invitation_page"),
    path("<str:token>/accept/", invitations.invitation_accept_view, name="invitation_accept"),
    path("<str:token>/decline/", invitations.invitation_decline_view, name="invitation_decline"),
]
