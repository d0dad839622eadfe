from django.urls import path

from udyamsetu.enterprises import views

app_name = "enterprises"

urlpatterns = [
    path("enterprise/register/", views.register, name="register"),
    path("enterprise/profile/", views.edit, name="edit"),
    path("enterprise/certificates/add/", views.certificate_add, name="certificate_add"),
    path(
        "enterprise/certificates/<int:certificate_id>/file/",
        views.certificate_file,
        name="certificate_file",
    ),
    path("enterprise/machines/add/", views.machine_add, name="machine_add"),
    path(
        "enterprise/verification/request/", views.request_verification, name="request_verification"
    ),
    path("enterprises/verification/", views.verification_queue, name="verification_queue"),
    path("enterprises/nic/", views.nic_search, name="nic_search"),
    path("enterprises/imports/", views.registry_imports, name="registry_imports"),
    path("enterprises/vocabularies/", views.vocabularies, name="vocabularies"),
    path("enterprises/<str:udyam_number>/", views.profile, name="profile"),
    path("enterprises/<str:udyam_number>/report/", views.report, name="report"),
    path("enterprises/<str:udyam_number>/verify/", views.verify, name="verify"),
    path("partner/profile/", views.partner_edit, name="partner_edit"),
    path("partners/<slug:slug>/", views.partner_profile, name="partner_profile"),
]
