from django.urls import path

from . import views

urlpatterns = [
    path("account/tokens/", views.tokens, name="tokens"),
    path("account/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("invite/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
