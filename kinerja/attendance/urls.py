from django.urls import path

from . import views

app_name = "attendance"

urlpatterns = [
    path("", views.index, name="index"),
    path("hitung/", views.compute, name="compute"),
    path("impor/", views.import_upload, name="import_upload"),
    path("impor/contoh.csv", views.import_sample, name="import_sample"),
    path("impor/<int:pk>/", views.import_preview, name="import_preview"),
    path("impor/<int:pk>/terapkan/", views.import_apply, name="import_apply"),
    path("input/", views.record_entry, name="record_entry"),
    path("aturan/", views.settings_page, name="settings"),
    path("aturan/hari/", views.calendar_day_add, name="calendar_day_add"),
    path("aturan/hari/<int:pk>/hapus/", views.calendar_day_delete, name="calendar_day_delete"),
    path("aturan/pola/", views.shift_add, name="shift_add"),
    path("cuti/", views.leave_list, name="leave_list"),
    path("hukuman/", views.sanction_list, name="sanction_list"),
    path("saya/", views.my_month, name="my_month"),
    path("pegawai/<int:pk>/", views.employee_month, name="employee_month"),
    path("koreksi/", views.corrections, name="corrections"),
    path("koreksi/baru/", views.correction_new, name="correction_new"),
    path("koreksi/<int:pk>/putus/", views.correction_decide, name="correction_decide"),
    path("koreksi/<int:pk>/bukti/", views.correction_evidence, name="correction_evidence"),
]
