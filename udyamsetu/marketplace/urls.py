from django.urls import path

from udyamsetu.marketplace import views

app_name = "marketplace"

urlpatterns = [
    path("opportunities/<int:pk>/", views.post, name="post"),
]
