"""The consent texts of the partnership, under /p/<slug>/people/consent-texts/."""

from django.urls import URLPattern, URLResolver, path

from vises.people.views import consent_texts

urlpatterns: list[URLPattern | URLResolver] = [
    path("", consent_texts.consent_text_grid_page, name="people_consent_texts"),
    path("new/", consent_texts.consent_text_publish_page, name="people_consent_text_publish"),
]
