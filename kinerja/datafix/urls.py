from django.urls import path

from . import views

app_name = "datafix"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("antrean/", views.queue, name="queue"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/putuskan/", views.decide, name="decide"),
]
