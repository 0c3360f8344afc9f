from django.urls import path

from . import onboarding, views

urlpatterns = [
    path("tier/", views.tier_status, name="tier_status"),
    path("onboarding/", onboarding.onboarding, name="onboarding"),
    path("onboarding/agreement/", onboarding.agreement_accept, name="agreement_accept"),
]
