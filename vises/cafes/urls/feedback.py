"""After the café, mounted at /feedback/ (no login: the signed token is the key)."""

from django.urls import URLPattern, URLResolver, path

from vises.cafes.views import feedback as views

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "cafes/<int:cafe_id>/friend/<str:token>/",
        views.friend_signup,
        name="cafe_friend_signup",
    ),
    path("<str:token>/", views.feedback_page, name="cafe_feedback"),
]
