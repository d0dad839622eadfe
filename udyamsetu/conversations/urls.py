from django.urls import path

from udyamsetu.conversations import views

app_name = "conversations"

urlpatterns = [
    path("messages/", views.inbox, name="inbox"),
    path("messages/new/<slug:slug>/", views.start, name="start"),
    path("messages/reports/", views.reports, name="reports"),
    path("messages/reports/<int:report_pk>/resolve/", views.resolve, name="resolve"),
    path(
        "messages/reports/<int:report_pk>/attachment",
        views.report_attachment,
        name="report_attachment",
    ),
    path("messages/<int:pk>/", views.thread, name="thread"),
    path("messages/<int:pk>/attachments/<int:message_pk>", views.attachment, name="attachment"),
    path("messages/<int:pk>/messages/<int:message_pk>/report/", views.report, name="report"),
]
