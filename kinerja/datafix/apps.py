from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DatafixConfig(AppConfig):
    name = "kinerja.datafix"
    label = "datafix"
    verbose_name = _("Laporan data pegawai")
