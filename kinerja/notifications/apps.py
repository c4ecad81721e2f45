from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "kinerja.notifications"
    verbose_name = "Notifikasi"
