from django.urls import path

from . import views

app_name = "org"
urlpatterns = [
    path("", views.unit_tree, name="unit_tree"),
    path("unit/baru/", views.unit_edit, name="unit_create"),
    path("unit/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("unit/<int:pk>/ubah/", views.unit_edit, name="unit_edit"),
    path("jabatan/", views.position_list, name="position_list"),
    path("jabatan/baru/", views.position_edit, name="position_create"),
    path("jabatan/<int:pk>/ubah/", views.position_edit, name="position_edit"),
    path("pegawai/", views.employee_list, name="employee_list"),
    path("pegawai/ekspor.<str:fmt>", views.employee_export, name="employee_export"),
    path("pegawai/baru/", views.employee_edit, name="employee_create"),
    path("pegawai/<int:pk>/", views.employee_detail, name="employee_detail"),
    path("pegawai/<int:pk>/ubah/", views.employee_edit, name="employee_edit"),
    path("pegawai/<int:pk>/status/", views.employee_set_active, name="employee_set_active"),
    path("pegawai/<int:pk>/riwayat/", views.employee_history, name="employee_history"),
    path("pegawai/<int:pk>/akun/", views.account_create, name="account_create"),
    path("pegawai/<int:pk>/akun/reset/", views.account_reset, name="account_reset"),
    path("riwayat/", views.audit_log, name="audit_log"),
    path("impor/", views.import_upload, name="import_upload"),
    path("impor/<int:pk>/", views.import_preview, name="import_preview"),
    path("impor/<int:pk>/terapkan/", views.import_apply, name="import_apply"),
    path("impor/templat/<str:kind>.xlsx", views.import_sample, name="import_sample"),
]
