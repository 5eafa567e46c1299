from django.urls import path

from vises.partnerships import views

urlpatterns = [
    path("", views.start, name="partnership_start"),
    path("operations/", views.operations, name="partnership_operations"),
    path("agreement/", views.agreement, name="partnership_agreement"),
    path("agreement/extend/", views.agreement_extend, name="partnership_agreement_extend"),
    path("agreement/terminate/", views.agreement_terminate, name="partnership_agreement_terminate"),
    path("users/", views.users, name="partnership_users"),
    path(
        "users/<int:user_id>/deactivate/", views.user_deactivate, name="partnership_user_deactivate"
    ),
    path(
        "users/<int:user_id>/reset-second-factor/",
        views.user_second_factor_reset,
        name="partnership_user_second_factor_reset",
    ),
]
