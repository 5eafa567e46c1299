"""URLs of the import of people, under /p/<slug>/people/import/."""

from django.urls import URLPattern, URLResolver, path

from vises.people.views import imports

urlpatterns: list[URLPattern | URLResolver] = [
    path("", imports.upload, name="people_import"),
    path("preview/", imports.preview, name="people_import_preview"),
    path("confirm/", imports.confirm, name="people_import_confirm"),
    path("cancel/", imports.cancel, name="people_import_cancel"),
    path("template.xlsx", imports.template, name="people_import_template"),
]
