from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kinerja.core.forms import BootstrapMixin
from kinerja.org import rules as org_rules
from kinerja.org.models import Employee, Instansi, Position, Unit

from .models import DataReport


def _supervisor_by_nip(instansi: Instansi, raw: str) -> Employee | None:
    nip = org_rules.normalize_nip(raw or "")
    if not nip:
        return None
    found = Employee.objects.filter(instansi=instansi, nip=nip, is_active=True).first()
    if found is None:
        raise ValidationError(_("Tidak ada pegawai aktif dengan NIP %(nip)s di instansi ini."), params={"nip": nip})
    return found


def _units(instansi: Instansi):
    return Unit.objects.filter(instansi=instansi, is_active=True).order_by("path")


class ReportForm(BootstrapMixin, forms.Form):
    """The employee's report: which record is wrong and what it should be. The supervisor may be
    named by NIP and the unit picked; anything else is described in words for the admin."""

    subject = forms.ChoiceField(label=_("Data yang salah"), choices=DataReport.Subject.choices)
    wanted = forms.CharField(
        label=_("Seharusnya"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Misalnya: atasan saya sejak Oktober adalah Kepala Seksi Surveilans, Ibu Rina."),
    )
    supervisor_nip = forms.CharField(
        label=_("NIP atasan yang benar (bila tahu)"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    unit = forms.ModelChoiceField(
        label=_("Unit kerja yang benar (bila unit yang salah)"), queryset=None, required=False
    )
    note = forms.CharField(
        label=_("Catatan (boleh kosong)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Misalnya nomor SK mutasi atau tanggal mulai berlaku."),
    )

    def __init__(self, *args, instansi: Instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.instansi = instansi
        self.fields["unit"].queryset = _units(instansi)
        self.fields["unit"].label_from_instance = lambda u: f"{'— ' * u.depth}{u.name}"

    def clean_supervisor_nip(self):
        return _supervisor_by_nip(self.instansi, self.cleaned_data.get("supervisor_nip"))


class FixForm(BootstrapMixin, forms.Form):
    """The admin's correction: the record to store, prefilled with what the employee named."""

    def __init__(self, *args, report: DataReport, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        instansi = report.employee.instansi
        subject = report.subject
        if subject == DataReport.Subject.SUPERVISOR:
            self.fields["value"] = forms.CharField(
                label=_("NIP atasan langsung yang benar"),
                max_length=30,
                initial=report.wanted_supervisor.nip if report.wanted_supervisor else "",
                widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "class": "form-control"}),
            )
        elif subject == DataReport.Subject.UNIT:
            field = forms.ModelChoiceField(
                label=_("Unit kerja yang benar"), queryset=_units(instansi), initial=report.wanted_unit_id
            )
            field.label_from_instance = lambda u: f"{'— ' * u.depth}{u.name}"
            field.widget.attrs["class"] = "form-select"
            self.fields["value"] = field
        else:
            field = forms.ModelChoiceField(
                label=_("Jabatan yang benar"),
                queryset=Position.objects.filter(instansi=instansi, is_active=True)
                .select_related("unit")
                .order_by("unit__path", "name"),
                initial=report.wanted_position_id,
            )
            field.label_from_instance = lambda p: f"{p.name} — {p.unit.name}"
            field.widget.attrs["class"] = "form-select"
            self.fields["value"] = field

    def clean_value(self):
        value = self.cleaned_data["value"]
        if self.report.subject == DataReport.Subject.SUPERVISOR:
            return _supervisor_by_nip(self.report.employee.instansi, value)
        return value


class RefuseForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("Alasan penolakan"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Pegawai membaca alasan ini; sebutkan apa yang perlu ia lakukan."),
    )
