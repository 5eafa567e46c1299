from django.urls import path

from vises.steering import views

urlpatterns = [
    path("", views.meeting_list, name="steering_meetings"),
    path("create/", views.meeting_create, name="steering_meeting_create"),
    path("actions/", views.action_list, name="steering_actions"),
    path("actions/<int:action_id>/status/", views.action_status, name="steering_action_status"),
    path("<int:meeting_id>/", views.meeting_page, name="steering_meeting"),
    path("<int:meeting_id>/edit/", views.meeting_edit, name="steering_meeting_edit"),
    path("<int:meeting_id>/approve/", views.minutes_approve, name="steering_minutes_approve"),
    path("<int:meeting_id>/actions/", views.action_create, name="steering_action_create"),
    path("<int:meeting_id>/pack.pdf", views.meeting_pack, name="steering_meeting_pack"),
]
