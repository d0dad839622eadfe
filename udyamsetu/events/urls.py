from django.urls import path

from udyamsetu.events import views

app_name = "events"

urlpatterns = [
    path("events/", views.event_list, name="list"),
    path("events/new/", views.edit_event, name="create"),
    path("events/<slug:slug>/", views.event, name="event"),
    path("events/<slug:slug>/edit/", views.edit_event, name="edit"),
    path("events/<slug:slug>/participants/", views.participants, name="participants"),
    path("events/<slug:slug>/participants/<int:pk>/wish/", views.wish, name="wish"),
    path("events/<slug:slug>/participants/<int:pk>/ask/", views.ask, name="ask"),
    path("events/<slug:slug>/requests/<int:pk>/", views.answer, name="answer"),
    path("events/<slug:slug>/manage/", views.manage, name="manage"),
    path("events/<slug:slug>/meetings/<int:pk>/", views.meeting, name="meeting"),
    path("events/<slug:slug>/agenda/", views.agenda, name="agenda"),
    path("events/<slug:slug>/agenda.ics", views.agenda_ics, name="agenda_ics"),
    path("events/<slug:slug>/agenda.pdf", views.agenda_pdf, name="agenda_pdf"),
]
