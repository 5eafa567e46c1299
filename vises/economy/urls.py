from django.urls import path

from vises.economy import invoice_views, views

urlpatterns = [
    path("", views.economy_years, name="economy_years"),
    path("<int:year>/", views.economy_year, name="economy_year"),
    path("<int:year>/costs/", views.economy_cost_create, name="economy_cost_create"),
    path("<int:year>/rate/", views.economy_rate_set, name="economy_rate_set"),
    path("<int:year>/approve/", views.economy_year_approve, name="economy_year_approve"),
    path(
        "costs/<int:cost_id>/attachment/",
        views.economy_cost_attachment,
        name="economy_cost_attachment",
    ),
]

urlpatterns += [
    path("invoices/", invoice_views.invoice_list, name="economy_invoices"),
    path("invoices/create/", invoice_views.invoice_create, name="economy_invoice_create"),
    path("invoices/<int:invoice_id>/", invoice_views.invoice_page, name="economy_invoice"),
    path(
        "invoices/<int:invoice_id>/issue/",
        invoice_views.invoice_issue,
        name="economy_invoice_issue",
    ),
    path(
        "invoices/<int:invoice_id>/paid/", invoice_views.invoice_paid, name="economy_invoice_paid"
    ),
    path(
        "invoices/<int:invoice_id>/credit/",
        invoice_views.invoice_credit,
        name="economy_invoice_credit",
    ),
    path(
        "invoices/<int:invoice_id>/discard/",
        invoice_views.invoice_discard,
        name="economy_invoice_discard",
    ),
    path("invoices/<int:invoice_id>/pdf/", invoice_views.invoice_pdf, name="economy_invoice_pdf"),
    path("invoices/<int:invoice_id>/xml/", invoice_views.invoice_xml, name="economy_invoice_xml"),
    path("settlement/", invoice_views.settlement_draft, name="economy_settlement_draft"),
]
