from django.urls import path

from . import views

urlpatterns = [path("accounts/mapping/", views.mapping, name="account_mapping")]
