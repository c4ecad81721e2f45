from django.urls import path

from . import views, views_followup

app_name = "development"
urlpatterns = [
    path("", views.home, name="home"),
    path("katalog/", views.catalogue, name="catalogue"),
    path("katalog/<int:pk>/ubah/", views.course_edit, name="course_edit"),
    path("pelatihan/usul/", views.propose, name="propose"),
    path("pelatihan/mandiri/", views.external, name="external"),
    path("pelatihan/<int:pk>/", views.enrolment, name="enrolment"),
    path("pelatihan/<int:pk>/lapor/", views.enrolment_report, name="enrolment_report"),
    path("pelatihan/<int:pk>/sertifikat/", views.certificate, name="certificate"),
    path("pelatihan/<int:pk>/<str:step>/", views.enrolment_step, name="enrolment_step"),
    path("persetujuan/", views.approvals, name="approvals"),
    path("jp/", views.jp, name="jp"),
    path("jp/xlsx/", views.jp_xlsx, name="jp_xlsx"),
    path("idp/<int:employee_pk>/", views.idp, name="idp"),
    path("efek-pelatihan/", views.effect, name="effect"),
    path("bimbingan/", views_followup.coaching_index, name="coaching_index"),
    path("bimbingan/baru/<int:evaluation_pk>/", views_followup.coaching_new, name="coaching_new"),
    path("bimbingan/<int:pk>/", views_followup.coaching, name="coaching"),
    path("bimbingan/<int:pk>/ukur-ulang/", views_followup.coaching_remeasure, name="coaching_remeasure"),
    path("bimbingan/sesi/<int:pk>/terima/", views_followup.session_acknowledge, name="session_acknowledge"),
    path("penempatan/", views_followup.reassignments, name="reassignments"),
    path("penempatan/<int:pk>/", views_followup.reassignment, name="reassignment"),
    path("sinkron/", views_followup.sync, name="sync"),
    path("angka-kredit/<int:employee_pk>/", views_followup.ledger, name="ledger"),
    path("angka-kredit/impor/", views_followup.credit_import, name="credit_import"),
    path("kenaikan-pangkat/", views_followup.eligibility, name="eligibility"),
    path("talenta/", views_followup.talent, name="talent"),
]
