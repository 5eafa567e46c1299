from django.urls import path

from vises.partnerships import views

urlpatterns = [
    path("", views.start, name="partnership_start"),
    path("operations/", views.operations, name="partnership_operations"),
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
