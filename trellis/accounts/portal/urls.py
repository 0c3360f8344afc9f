from django.urls import path

from . import views

urlpatterns = [
    path("team/", views.team, name="team"),
    path("team/<int:user_id>/roles/", views.member_roles, name="member_roles"),
    path("team/<int:user_id>/active/", views.member_active, name="member_active"),
    path(
        "team/invitations/<int:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
]
