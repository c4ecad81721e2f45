from django.urls import path

from . import views, views_fairness

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
]
