"""A pair's pages for its two people, mounted at /friends/ (no login: the signed tokens of
vises.matching.links are the key): the answer to a proposal and the follow-up form."""

from django.urls import URLPattern, URLResolver, path

from vises.matching.views import links

urlpatterns: list[URLPattern | URLResolver] = [
    path("follow-up/<str:token>/", links.pair_followup, name="pair_followup"),
    path("<str:token>/", links.pair_answer_page, name="pair_answer"),
    path("<str:token>/accept/", links.pair_accept, name="pair_accept"),
    path("<str:token>/decline/", links.pair_decline, name="pair_decline"),
]
