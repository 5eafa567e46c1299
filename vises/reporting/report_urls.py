from django.urls import path

from vises.reporting import report_views as views

urlpatterns = [
    path("", views.report_years, name="reporting_years"),
    path("<int:year>/", views.report_year, name="reporting_year"),
    path("<int:year>/narratives/", views.report_narratives, name="reporting_narratives"),
    path("<int:year>/sign/", views.report_sign, name="reporting_sign"),
    path("<int:year>/files/", views.report_file_request, name="reporting_file_request"),
    path("files/<int:file_id>/", views.report_file, name="reporting_file"),
    path(
        "files/<int:file_id>/download/",
        views.report_file_download,
        name="reporting_file_download",
    ),
]
