from django.urls import path

from . import views

urlpatterns = [path("forms/leads/<str:key>/", views.web_form, name="lead_web_form")]
