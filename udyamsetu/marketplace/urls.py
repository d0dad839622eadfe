from django.urls import path

from udyamsetu.marketplace import views

app_name = "marketplace"

urlpatterns = [
    path("opportunities/", views.browse, name="browse"),
    path("opportunities/new/", views.choose_kind, name="choose_kind"),
    path("opportunities/new/<slug:kind>/", views.create, name="create"),
    path("opportunities/review/", views.review_queue, name="review_queue"),
    path("opportunities/<int:pk>/", views.post, name="post"),
    path("opportunities/<int:pk>/edit/", views.edit, name="edit"),
    path("opportunities/<int:pk>/submit/", views.submit, name="submit"),
    path("opportunities/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("opportunities/<int:pk>/close/", views.close, name="close"),
    path("opportunities/<int:pk>/renew/", views.renew, name="renew"),
    path("opportunities/<int:pk>/report/", views.report, name="report"),
    path("opportunities/<int:pk>/review/", views.review, name="review"),
    path("opportunities/<int:pk>/interest/", views.express_interest, name="express_interest"),
    path("opportunities/<int:pk>/interests/", views.interests, name="interests"),
    path("interests/", views.sent_interests, name="sent_interests"),
    path("interests/<int:pk>/answer/", views.answer_interest, name="answer_interest"),
    path("interests/<int:pk>/files/<uuid:file_pk>", views.interest_file, name="interest_file"),
]
