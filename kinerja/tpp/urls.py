from django.urls import path

from . import views

app_name = "tpp"

urlpatterns = [
    path("", views.index, name="index"),
    path("hitung/", views.compute, name="compute"),
    path("pengaturan/", views.setting, name="setting"),
    path("pengaturan/gaji/", views.salary_set, name="salary_set"),
    path("pengaturan/gaji/impor/", views.salary_import, name="salary_import"),
    path("pengaturan/gaji/impor/contoh.csv", views.salary_import_sample, name="salary_import_sample"),
    path("pengaturan/gaji/impor/<int:pk>/", views.salary_import_preview, name="salary_import_preview"),
    path("pengaturan/gaji/impor/<int:pk>/terapkan/", views.salary_import_apply, name="salary_import_apply"),
    path("bulan/<int:pk>/", views.month, name="month"),
    path("bulan/<int:pk>/tutup/", views.close, name="close"),
    path("bulan/<int:pk>/hitung-ulang/", views.recompute, name="recompute"),
    path("bulan/<int:pk>/daftar.xlsx", views.payment_list_xlsx, name="payment_list_xlsx"),
    path("bulan/<int:pk>/daftar.pdf", views.payment_list_pdf, name="payment_list_pdf"),
    path("saya/", views.my_slips, name="my_slips"),
    path("slip/<int:pk>/", views.slip, name="slip"),
    path("slip/<int:pk>/pdf/", views.slip_pdf, name="slip_pdf"),
]
