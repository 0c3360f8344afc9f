"""URL map: public pages, the vendor console, the partner portal and the API."""

from django.urls import include, path

from trellis.core import views as core_views

from .api import api

console_patterns = [
    path("", include("trellis.partners.console.urls")),
    path("", include("trellis.core.console.urls")),
    path("", include("trellis.deals.console.urls")),
    path("", include("trellis.leads.console.urls")),
    path("", include("trellis.cosell.console.urls")),
    path("", include("trellis.catalog.console.urls")),
    path("", include("trellis.learning.console.urls")),
    path("", include("trellis.lifecycle.console.urls")),
    path("", include("trellis.funds.console.urls")),
    path("", include("trellis.incentives.console.urls")),
    path("", include("trellis.accounts.console.urls")),
]
portal_patterns = [
    path("", include("trellis.partners.portal.urls")),
    path("", include("trellis.accounts.portal.urls")),
    path("", include("trellis.deals.portal.urls")),
    path("", include("trellis.leads.portal.urls")),
    path("", include("trellis.cosell.portal.urls")),
    path("", include("trellis.learning.portal.urls")),
    path("", include("trellis.lifecycle.portal.urls")),
    path("", include("trellis.funds.portal.urls")),
    path("", include("trellis.incentives.portal.urls")),
]

urlpatterns = [
    path("", core_views.home, name="home"),
    path("notifications/", core_views.notifications, name="notifications"),
    path("console/", include((console_patterns, "console"))),
    path("portal/", include((portal_patterns, "portal"))),
    path("api/v1/", api.urls),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("trellis.accounts.urls")),
    path("", include("trellis.leads.public.urls")),
    path("", include("trellis.learning.public.urls")),
    path("", include("trellis.lifecycle.public.urls")),
]

handler403 = core_views.forbidden
handler404 = core_views.not_found
