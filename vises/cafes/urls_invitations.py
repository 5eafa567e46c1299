"""A person's answer to an invitation, mounted at /invitations/ (no login: the signed token
of vises.cafes.links is the key)."""

from django.urls import URLPattern, URLResolver, path

from vises.cafes.views import invitation_links

urlpatterns: list[URLPattern | URLResolver] = [
    path("<str:token>/", invitation_links.invitation_page, name="invitation_page"),
    path("<str:token>/accept/", invitation_links.invitation_accept_view, name="invitation_accept"),
    path(
        "<str:token>/decline/", invitation_links.invitation_decline_view, name="invitation_decline"
    ),
]
