"""URL map: public pages, the vendor console, the partner portal and the API."""

from django.urls import path

urlpatterns: list = []
