from django.urls import path

from vises.reporting import impact_views, target_views, views

urlpatterns = [
    path("", views.statistics_dashboard, name="statistics_dashboard"),
    path("charts/<str:chart>.svg", views.statistics_chart, name="statistics_chart"),
    path("download.csv", views.statistics_csv, name="statistics_csv"),
    path("download.xlsx", views.statistics_xlsx, name="statistics_xlsx"),
    path("targets/", target_views.statistics_targets, name="statistics_targets"),
    path("targets/set/", target_views.statistics_targets_set, name="statistics_targets_set"),
    path("our-company/<int:year>.pdf", impact_views.impact_own, name="reporting_impact_own"),
    path(
        "companies/<int:company_id>/<int:year>.pdf",
        impact_views.impact_company,
        name="reporting_impact_company",
    ),
]
