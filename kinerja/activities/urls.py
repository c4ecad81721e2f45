from django.urls import path

from . import offline, views

app_name = "activities"
urlpatterns = [
    path("", views.home, name="home"),
    path("catat/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/ubah/", views.edit, name="edit"),
    path("<int:pk>/hapus/", views.delete, name="delete"),
    path("<int:pk>/komentar/", views.comment, name="comment"),
    path("bukti/<int:pk>/", views.evidence, name="evidence"),
    path("verifikasi/", views.inbox, name="inbox"),
    path("verifikasi/putuskan/", views.decide, name="decide"),
    path("dialog/", views.dialogues, name="dialogues"),
    path("refleksi/", views.reflections, name="reflections"),
    path("laporan-periodik/", views.report, name="report"),
    path("notifikasi/", views.notifications, name="notifications"),
    path("pengaturan-bukti/", views.work_settings, name="work_settings"),
    path("capaian/<int:skp_pk>/", views.skp_progress, name="skp_progress"),
    # The log that works without a connection (docs/offline.md).
    path("luring/", offline.log, name="offline"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
]
