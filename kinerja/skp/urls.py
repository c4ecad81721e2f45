from django.urls import path

from . import views

app_name = "skp"
urlpatterns = [
    path("", views.home, name="home"),
    path("buat/", views.create, name="create"),
    path("periode/", views.period_list, name="period_list"),
    path("periode/<int:pk>/rencana/", views.plan, name="plan"),
    path("periode/<int:pk>/kaskade/", views.cascade, name="cascade"),
    path("kaskade/rhk/<int:rhk_pk>/", views.cascade_children, name="cascade_children"),
    path("templat/", views.template_list, name="template_list"),
    path("templat/<int:pk>/ubah/", views.template_edit, name="template_edit"),
    path("templat/<int:pk>/pensiunkan/", views.template_retire, name="template_retire"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/rhk/", views.rhk_add, name="rhk_add"),
    path("<int:pk>/rhk/<int:rhk_pk>/ubah/", views.rhk_edit, name="rhk_edit"),
    path("<int:pk>/rhk/<int:rhk_pk>/hapus/", views.rhk_delete, name="rhk_delete"),
    path("<int:pk>/rhk/<int:rhk_pk>/kaitkan/", views.rhk_link, name="rhk_link"),
    path("<int:pk>/rhk/<int:rhk_pk>/indikator/", views.indicator_add, name="indicator_add"),
    path("<int:pk>/indikator/<int:indicator_pk>/hapus/", views.indicator_delete, name="indicator_delete"),
    path("<int:pk>/indikator/<int:indicator_pk>/target-periodik/", views.period_targets, name="period_targets"),
    path("<int:pk>/lampiran/", views.appendix, name="appendix"),
    path("<int:pk>/perilaku/", views.behaviours, name="behaviours"),
    path("<int:pk>/ajukan/", views.submit, name="submit"),
    path("<int:pk>/putuskan/", views.decide, name="decide"),
    path("<int:pk>/revisi/", views.revise, name="revise"),
    path("<int:pk>/banding/", views.compare, name="compare"),
    path("<int:pk>/pdf/", views.pdf, name="pdf"),
]
