from django.urls import path

from udyamsetu.facilities import views

app_name = "facilities"

urlpatterns = [
    path("facilities/", views.search, name="search"),
    path("facilities/operate/", views.operate, name="operate"),
    path("facilities/new/", views.edit_facility, name="facility_create"),
    path("facilities/<slug:slug>/edit/", views.edit_facility, name="facility_edit"),
    path("facilities/<slug:slug>/equipment/new/", views.edit_equipment, name="equipment_create"),
    path(
        "facilities/<slug:slug>/equipment/<int:pk>/edit/",
        views.edit_equipment,
        name="equipment_edit",
    ),
    path("facilities/equipment/<int:pk>/", views.equipment, name="equipment"),
    path("facilities/<slug:slug>/", views.facility, name="facility"),
    path("bookings/", views.bookings, name="bookings"),
    path("bookings/calendar/renew/", views.renew_feed, name="renew_feed"),
    path("bookings/<int:pk>/", views.booking, name="booking"),
    path("bookings/<int:pk>/answer/", views.answer, name="answer"),
    path("bookings/<int:pk>/drawings/<uuid:file_pk>", views.drawing, name="drawing"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
]
