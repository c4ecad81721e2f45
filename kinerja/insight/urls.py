from django.urls import path

from . import views, views_calibration, views_fairness

app_name = "insight"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("unit/<int:pk>/", views.unit, name="unit"),
    path("saya/", views.mine, name="mine"),
    path("pegawai/<int:pk>/", views.person, name="person"),
    path("siklus/", views.cycle, name="cycle"),
    path("keadilan/", views_fairness.fairness_list, name="fairness"),
    path("keadilan/hitung/", views_fairness.fairness_run, name="fairness_run"),
    path("keadilan/<int:pk>/", views_fairness.fairness_detail, name="fairness_detail"),
    path("kalibrasi/", views_calibration.calibration_list, name="calibration_list"),
    path("kalibrasi/<int:pk>/", views_calibration.calibration, name="calibration"),
    path("kalibrasi/<int:pk>/putuskan/", views_calibration.calibration_decide, name="calibration_decide"),
    path("kalibrasi/<int:pk>/selesai/", views_calibration.calibration_close, name="calibration_close"),
    path("kalibrasi/<int:pk>/notulen.pdf", views_calibration.calibration_pdf, name="calibration_pdf"),
]
