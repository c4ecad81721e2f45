from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from kinerja.core.forms import BootstrapMixin
from kinerja.org.models import Employee, Unit
from kinerja.org.rules import normalize_nip

from .models import CalendarDay, DisciplineConfig, Leave, Sanction

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class NipMixin:
    """A NIP field resolved to an active employee of the instansi the form works for."""

    def __init__(self, *args, instansi=None, **kwargs):
        self.instansi = instansi
        super().__init__(*args, **kwargs)

    def clean_nip(self):
        nip = normalize_nip(self.cleaned_data["nip"])
        employee = Employee.objects.filter(instansi=self.instansi, nip=nip, is_active=True).first()
        if employee is None:
            raise forms.ValidationError(_("NIP %(nip)s tidak dikenal di instansi ini.") % {"nip": nip})
        self.cleaned_data["employee"] = employee
        return nip


class ImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_l("File presensi (.xlsx atau .csv)"))


class RecordForm(NipMixin, BootstrapMixin, forms.Form):
    nip = forms.CharField(label=_l("NIP"), max_length=30)
    date = forms.DateField(label=_l("Tanggal"), widget=DATE)
    check_in = forms.TimeField(label=_l("Jam masuk"), required=False, widget=TIME)
    check_out = forms.TimeField(label=_l("Jam pulang"), required=False, widget=TIME)
    ceremony = forms.BooleanField(label=_l("Ikut apel/upacara"), required=False)
    reason = forms.CharField(label=_l("Alasan input manual"), widget=forms.Textarea(attrs={"rows": 2}))


class LeaveForm(NipMixin, BootstrapMixin, forms.ModelForm):
    nip = forms.CharField(label=_l("NIP"), max_length=30)

    class Meta:
        model = Leave
        fields = ["nip", "kind", "start", "end", "letter_number", "note"]
        widgets = {"start": DATE, "end": DATE}


class SanctionForm(NipMixin, BootstrapMixin, forms.ModelForm):
    nip = forms.CharField(label=_l("NIP"), max_length=30)
    decree_number = forms.CharField(label=_l("Nomor keputusan"), max_length=100, required=False)
    decree_date = forms.DateField(label=_l("Tanggal keputusan"), required=False, widget=DATE)

    class Meta:
        model = Sanction
        fields = ["nip", "kind", "decree_number", "decree_date", "start", "months", "cut_pct", "note"]
        widgets = {"start": DATE}


class ConfigForm(BootstrapMixin, forms.ModelForm):
    bands_text = forms.CharField(
        label=_l("Rentang keterlambatan / pulang cepat (menit=persen)"),
        help_text=_l("Mis. 30=0.5, 60=1, 90=1.25; di atas rentang terakhir berlaku potongan berikutnya."),
    )

    class Meta:
        model = DisciplineConfig
        fields = ["work_start", "work_end", "weekdays", "grace_minutes", "beyond_pct", "absent_pct", "ceremony_pct"]
        widgets = {"work_start": TIME, "work_end": TIME}


class CalendarDayForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "name"]
        widgets = {"date": DATE}


class ShiftForm(BootstrapMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_l("Unit kerja"), queryset=Unit.objects.none())
    name = forms.CharField(label=_l("Nama pola"), max_length=100)
    start = forms.TimeField(label=_l("Jam masuk"), widget=TIME)
    end = forms.TimeField(label=_l("Jam pulang"), widget=TIME)
    weekdays = forms.CharField(label=_l("Hari kerja (1 = Senin … 7 = Minggu)"), max_length=7, initial="1234567")
    works_on_holidays = forms.BooleanField(label=_l("Tetap bertugas pada hari libur"), required=False)

    def __init__(self, *args, instansi=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(instansi=instansi, is_active=True)


class CorrectionForm(BootstrapMixin, forms.Form):
    date = forms.DateField(label=_l("Tanggal"), widget=DATE)
    check_in = forms.TimeField(label=_l("Jam masuk yang benar"), required=False, widget=TIME)
    check_out = forms.TimeField(label=_l("Jam pulang yang benar"), required=False, widget=TIME)
    reason = forms.CharField(label=_l("Alasan"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(label=_l("Bukti (PDF atau foto, maks. 5 MB)"))

    def clean_evidence(self):
        evidence = self.cleaned_data["evidence"]
        if evidence.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("Bukti lebih dari 5 MB."))
        name = evidence.name.lower()
        if not name.endswith((".pdf", ".jpg", ".jpeg", ".png")):
            raise forms.ValidationError(_("Bukti harus berupa PDF, JPG atau PNG."))
        return evidence


class DecisionForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _l("Setujui")), ("refuse", _l("Tolak"))])
    reason = forms.CharField(label=_l("Alasan keputusan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
