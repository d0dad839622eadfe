"""URL map: pages, allauth's account pages, the API, the admin and the health check."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from udyamsetu.accounts.views import ThrottledLoginView
from udyamsetu.api import api
from udyamsetu.core import views as core_views

# The admin has no login page of its own: staff log in through allauth (with their second
# factor), and RequireTwoFactorMiddleware keeps staff without one out of every page.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "Udyam Setu administration"
admin.site.site_title = "Udyam Setu admin"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("dashboard/", core_views.dashboard, name="dashboard"),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("accounts/login/", ThrottledLoginView.as_view(), name="account_login"),
    path("accounts/", include("allauth.urls")),
    path("", include("udyamsetu.accounts.urls")),
    path("", include("udyamsetu.enterprises.urls")),
    path("", include("udyamsetu.search.urls")),
    path("", include("udyamsetu.marketplace.urls")),
    path("", include("udyamsetu.matching.urls")),
    path("", include("udyamsetu.conversations.urls")),
    path("", include("udyamsetu.partnerships.urls")),
    path("", include("udyamsetu.facilities.urls")),
    path("", include("udyamsetu.events.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
