"""Top-level URLs. Public pages and /accounts/ need no login; staff pages live under /p/<slug>/."""

from django.urls import include, path

from vises.api.api import api
from vises.common import views as common_views
from vises.partnerships.statement import accessibility_statement
from vises.people.urls import referrals as referral_urls

urlpatterns = [
    path("", common_views.home, name="home"),
    path("healthz", common_views.healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("p/<slug:slug>/people/import/", include("vises.people.urls.imports")),
    path("p/<slug:slug>/people/concerns/", include("vises.people.urls.concerns")),
    path("p/<slug:slug>/people/referrals/", include(referral_urls.staff)),
    path("p/<slug:slug>/people/consent-texts/", include("vises.people.urls.consent_texts")),
    path("p/<slug:slug>/people/", include("vises.people.urls.staff")),
    path("p/<slug:slug>/cafes/", include("vises.cafes.urls.staff")),
    path("p/<slug:slug>/checkin/", include("vises.cafes.checkin.urls")),
    path("p/<slug:slug>/matching/", include("vises.matching.urls.staff")),
    path("p/<slug:slug>/economy/", include("vises.economy.urls")),
    path("p/<slug:slug>/steering/", include("vises.steering.urls")),
    path("p/<slug:slug>/companies/", include("vises.companies.urls.staff")),
    path("p/<slug:slug>/statistics/", include("vises.reporting.urls")),
    path("p/<slug:slug>/reports/", include("vises.reporting.report_urls")),
    path("p/<slug:slug>/", include("vises.cafes.urls.portal")),
    path("p/<slug:slug>/", include("vises.partnerships.urls")),
    path("cafes/", include("vises.cafes.urls.public")),
    path("r/", include("vises.cafes.urls.registrations")),
    path("invitations/", include("vises.cafes.urls.invitations")),
    path("feeds/", include("vises.cafes.urls.feeds")),
    path("feedback/", include("vises.cafes.urls.feedback")),
    path("friends/", include("vises.matching.urls.links")),
    path("host/", include("vises.companies.urls.public")),
    path("refer/", include(referral_urls.public)),
    path("me/", include("vises.people.urls.self_service")),
    path("privacy/", include("vises.people.urls.privacy")),
    path("sms/", include("vises.people.urls.sms")),
    path("accessibility/", accessibility_statement, name="accessibility_statement"),
]

handler403 = "vises.common.views.permission_denied"
handler404 = "vises.common.views.page_not_found"
handler500 = "vises.common.views.server_error"
