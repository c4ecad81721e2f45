from django.apps import AppConfig


class FrontdeskConfig(AppConfig):
    name = "kinerja.frontdesk"
    label = "frontdesk"
    verbose_name = "Antrian layanan"
