from django import forms
from django.utils.translation import gettext_lazy as _l

from kinerja.core.forms import BootstrapMixin

from .models import TppSetting


class SettingForm(BootstrapMixin, forms.ModelForm):
    predikat_text = forms.CharField(
        label=_l("Persen komponen kinerja per predikat"),
        help_text=_l("sangat_baik=100; baik=100; butuh_perbaikan=80; kurang=60; sangat_kurang=40"),
    )
    pph21_text = forms.CharField(label=_l("PPh 21 per golongan (%)"), help_text=_l("IV=15; III=5; II=0; I=0; PPPK=0"))
    class_amounts_text = forms.CharField(
        label=_l("Besaran TPP per kelas jabatan (Rp)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_l("Satu pasangan per baris, mis. 9=13320000"),
        required=False,
    )

    class Meta:
        model = TppSetting
        fields = [
            "weight_kinerja",
            "weight_disiplin",
            "kinerja_source",
            "no_report_pct",
            "deduction_base",
            "cpns_pct",
            "study_pct",
            "leave_allowance_days",
            "leave_excess_pct",
            "bpjs_employee_pct",
            "bpjs_employer_pct",
            "bpjs_cap",
        ]


class MonthForm(BootstrapMixin, forms.Form):
    month = forms.RegexField(
        label=_l("Bulan"),
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        widget=forms.TextInput(attrs={"type": "month"}),
        error_messages={"invalid": _l("Bulan ditulis TTTT-BB, mis. 2026-11.")},
    )


class SalaryForm(BootstrapMixin, forms.Form):
    nip = forms.CharField(label=_l("NIP"), max_length=30)
    amount = forms.IntegerField(label=_l("Gaji per bulan (Rp)"), min_value=0)


class SalaryImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_l("File gaji (.xlsx atau .csv)"))
