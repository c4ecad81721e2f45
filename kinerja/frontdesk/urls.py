from django.urls import path

from . import views, views_public

app_name = "frontdesk"
urlpatterns = [
    # public, no login
    path("ambil-antrian/<slug:code>/", views_public.public_index, name="public_index"),
    path("ambil-antrian/<slug:code>/<int:unit_pk>/", views_public.phone, name="phone"),
    path("ambil-antrian/<slug:code>/<int:unit_pk>/anjungan/", views_public.kiosk, name="kiosk"),
    path("layar-antrian/<slug:code>/<int:unit_pk>/", views_public.display, name="display"),
    path("layar-antrian/<slug:code>/<int:unit_pk>/panggilan/", views_public.display_calls, name="display_calls"),
    path("tiket/<str:token>/", views_public.ticket, name="ticket"),
    path("tiket/<str:token>/status/", views_public.ticket_status, name="ticket_status"),
    path("tiket/<str:token>/qr.svg", views_public.ticket_qr, name="ticket_qr"),
    path("tiket/<str:token>/survei/", views_public.survey, name="survey"),
    # staff
    path("antrian/", views.home, name="home"),
    path("antrian/loket/<int:pk>/", views.counter, name="counter"),
    path("antrian/loket/<int:pk>/aksi/", views.counter_action, name="counter_action"),
    path("antrian/loket/<int:pk>/antrian/", views.counter_lines, name="counter_lines"),
    path("antrian/angka/", views.figures, name="figures"),
    path("antrian/dokumen/", views.documents, name="documents"),
    path("antrian/dokumen/<int:pk>/selesai/", views.document_ready, name="document_ready"),
    path("antrian/atur/", views.setup, name="setup"),
    path("antrian/atur/layanan/<int:pk>/", views.service_edit, name="service_edit"),
    path("antrian/atur/loket/<int:pk>/", views.counter_edit, name="counter_edit"),
]
