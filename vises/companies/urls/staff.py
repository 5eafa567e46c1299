"""The coordinator's company pages, mounted at /p/<slug>/companies/."""

from django.urls import URLPattern, URLResolver, path

from vises.companies.views import staff

urlpatterns: list[URLPattern | URLResolver] = [
    path("", staff.companies_list, name="companies_list"),
    path("new/", staff.companies_create, name="companies_create"),
    path("<int:pk>/", staff.companies_detail, name="companies_detail"),
    path("<int:pk>/edit/", staff.companies_edit, name="companies_edit"),
    path("<int:pk>/stage/", staff.companies_stage, name="companies_stage"),
    path("<int:pk>/contacts/new/", staff.contacts_create, name="companies_contact_create"),
    path(
        "<int:pk>/contacts/<int:contact_pk>/edit/",
        staff.contacts_edit,
        name="companies_contact_edit",
    ),
    path(
        "<int:pk>/contacts/<int:contact_pk>/remove/",
        staff.contacts_remove,
        name="companies_contact_remove",
    ),
    path(
        "<int:pk>/contacts/<int:contact_pk>/login/",
        staff.contacts_login,
        name="companies_contact_login",
    ),
]
