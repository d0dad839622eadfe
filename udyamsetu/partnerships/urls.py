from django.urls import path

from udyamsetu.partnerships import views

app_name = "partnerships"

urlpatterns = [
    path("partnerships/", views.pipelines, name="pipelines"),
    path("partnerships/summary/", views.summary, name="summary"),
    path("partnerships/with/<slug:slug>/", views.pair, name="pair"),
    path("partnerships/steps/<int:pk>/", views.answer, name="answer"),
]
