from django.urls import path

from udyamsetu.matching import views

app_name = "matching"

urlpatterns = [
    path("opportunities/<int:pk>/matches/", views.opportunity_matches, name="opportunity"),
    path("matches/feedback", views.feedback, name="feedback"),
]
