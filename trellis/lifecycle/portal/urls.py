from django.urls import path

from . import views

urlpatterns = [path("tier/", views.tier_status, name="tier_status")]
