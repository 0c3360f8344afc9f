from django.urls import path

from . import views

urlpatterns = [
    path("earnings/", views.earnings_home, name="earnings"),
    path("earnings/<int:statement_id>/", views.statement_detail, name="statement"),
]
