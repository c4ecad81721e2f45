from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.core.forms import BootstrapMixin

from .models import CoachingPlan, Course, ReassignmentCase

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CourseForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Judul pelatihan"), max_length=200)
    area = forms.ChoiceField(label=_("Bidang kompetensi"), choices=Course.Area.choices)
    value = forms.ChoiceField(
        label=_("Nilai BerAKHLAK"),
        choices=[("", "—"), *Course._meta.get_field("value").choices],
        required=False,
        help_text=_("Hanya untuk bidang nilai BerAKHLAK."),
    )
    jp = forms.IntegerField(label=_("JP"), min_value=1, max_value=500)
    mode = forms.ChoiceField(label=_("Moda"), choices=Course.Mode.choices)
    provider = forms.CharField(label=_("Penyelenggara"), max_length=200)
    is_open = forms.BooleanField(label=_("Pendaftaran dibuka"), required=False, initial=True)


class ProposeForm(BootstrapMixin, forms.Form):
    employee = forms.ModelChoiceField(label=_("Pegawai"), queryset=None)
    course = forms.ModelChoiceField(label=_("Pelatihan"), queryset=None)
    reason = forms.CharField(label=_("Alasan/kebutuhan"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, employees, courses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = employees
        self.fields["employee"].label_from_instance = lambda e: e.display_name
        # Closed courses stay listed so the refusal is explained, not hidden.
        self.fields["course"].queryset = courses
        self.fields["course"].label_from_instance = lambda c: (
            f"{c.title} · {c.jp} JP" + ("" if c.is_open else f" ({_('ditutup')})")
        )


class ReportForm(BootstrapMixin, forms.Form):
    started_on = forms.DateField(label=_("Tanggal mulai"), widget=DATE)
    completed_on = forms.DateField(label=_("Tanggal selesai"), widget=DATE)
    jp = forms.IntegerField(label=_("JP diperoleh"))
    certificate = forms.FileField(label=_("Sertifikat (PDF, gambar, atau dokumen)"))


class ExternalForm(ReportForm):
    title = forms.CharField(label=_("Judul pelatihan"), max_length=200)
    provider = forms.CharField(label=_("Penyelenggara"), max_length=200)
    area = forms.ChoiceField(label=_("Bidang kompetensi"), choices=Course.Area.choices)
    field_order = ["title", "provider", "area", "started_on", "completed_on", "jp", "certificate"]


class ReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 2}))


class CoachingPlanForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = CoachingPlan
        fields = ["causes", "actions", "targets", "starts_on", "due_on"]
        widgets = {
            "causes": forms.Textarea(attrs={"rows": 3}),
            "actions": forms.Textarea(attrs={"rows": 3}),
            "targets": forms.Textarea(attrs={"rows": 3}),
            "starts_on": DATE,
            "due_on": DATE,
        }


class SessionForm(BootstrapMixin, forms.Form):
    held_on = forms.DateField(label=_("Tanggal sesi"), widget=DATE)
    notes = forms.CharField(label=_("Catatan sesi"), widget=forms.Textarea(attrs={"rows": 3}))
    agreed = forms.CharField(label=_("Yang disepakati"), widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(label=_("Keputusan"), choices=[("", "—"), *ReassignmentCase.Decision.choices])
    reason = forms.CharField(label=_("Alasan keputusan"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    decree_number = forms.CharField(label=_("Nomor SK"), max_length=100, required=False)
    new_position = forms.ModelChoiceField(label=_("Jabatan baru"), queryset=None, required=False)

    def __init__(self, *args, positions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_position"].queryset = positions
        self.fields["new_position"].label_from_instance = lambda p: f"{p.name} — {p.unit.name}"


class CreditForm(BootstrapMixin, forms.Form):
    amount = forms.CharField(label=_("Angka kredit"), max_length=12)
    as_of = forms.DateField(label=_("Per tanggal"), widget=DATE)
    note = forms.CharField(label=_("Keterangan"), max_length=200, required=False)


class UploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("Berkas XLSX atau CSV"))


class PotentialForm(BootstrapMixin, forms.Form):
    nip = forms.CharField(label=_("NIP"), max_length=30)
    score = forms.CharField(label=_("Skor potensial (1–5)"), max_length=6)
    method = forms.CharField(label=_("Metode/asesor"), max_length=200, required=False)
