from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kinerja.core.forms import BootstrapMixin
from kinerja.org.models import Employee, Unit

from . import rules
from .models import SurveyResponse


class SurveyForm(forms.Form):
    """Renders the public survey's profile selects and visit token. The page posts to the
    service as it is: all validation lives there, so the API and the page refuse the same things
    and a refused answer is never stored."""

    gender = forms.ChoiceField(
        label=_("Jenis kelamin"), choices=[("", "—")] + SurveyResponse.Gender.choices, required=False
    )
    education = forms.ChoiceField(
        label=_("Pendidikan"), choices=[("", "—")] + SurveyResponse.Education.choices, required=False
    )
    occupation = forms.ChoiceField(
        label=_("Pekerjaan"), choices=[("", "—")] + SurveyResponse.Occupation.choices, required=False
    )
    service = forms.CharField(label=_("Jenis layanan yang diterima"), required=False)
    suggestion = forms.CharField(label=_("Saran dan masukan"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    website = forms.CharField(required=False)  # honeypot: hidden from people
    token = forms.CharField(widget=forms.HiddenInput)


class ComplaintForm(BootstrapMixin, forms.Form):
    """The public complaint form. The category and the officer are plain choices passed to the
    service as ids: the service checks them again (the API sends ids too)."""

    unit = forms.ModelChoiceField(label=_("Unit layanan"), queryset=Unit.objects.none())
    category = forms.ChoiceField(
        label=_("Kategori pengaduan"),
        error_messages={"invalid_choice": _("Kategori pengaduan tidak dikenal. Pilih dari daftar.")},
    )
    subject = forms.CharField(label=_("Perihal"))
    description = forms.CharField(label=_("Uraian pengaduan"), widget=forms.Textarea(attrs={"rows": 5}))
    officer = forms.ChoiceField(
        label=_("Petugas yang diadukan (opsional)"),
        required=False,
        help_text=_("Pilih nama petugas bila Anda mengetahuinya, di bawah unit layanan yang sama."),
        error_messages={"invalid_choice": _("Petugas yang dipilih tidak bertugas di unit layanan ini.")},
    )
    attachment = forms.FileField(
        label=_("Foto atau dokumen (opsional)"),
        required=False,
        help_text=_("JPG, PNG, WebP atau PDF, paling besar 5 MB. Data lokasi pada foto dihapus otomatis."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}),
    )
    contact_name = forms.CharField(label=_("Nama (opsional)"), required=False)
    contact = forms.CharField(
        label=_("Nomor HP atau surel (opsional)"),
        required=False,
        help_text=_("Hanya admin instansi yang dapat melihatnya."),
    )
    website = forms.CharField(required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    def __init__(self, *args, units=None, categories=(), officers=(), **kwargs):
        """``officers``: (unit name, [(employee id, name), …]) groups, one per service unit."""
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
        self.fields["category"].choices = [("", "—")] + [(c.pk, c.name) for c in categories]
        self.fields["officer"].choices = [("", _("— tidak tahu / tidak disebutkan —")), *officers]


class CategoryForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Kategori baru"), max_length=rules.CATEGORY_NAME_LIMIT)


class TrackForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label=_("Kode pelacakan"), max_length=20)


class RatingForm(BootstrapMixin, forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Nilai penyelesaian"),
        coerce=int,
        choices=[
            (n, format_lazy("{} – {}", n, pgettext_lazy(rules.SURVEY, rules.SCALE_LABELS[n]))) for n in rules.SCALE
        ],
    )
    rating_comment = forms.CharField(
        label=_("Komentar (opsional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AssignForm(BootstrapMixin, forms.Form):
    employee = forms.ModelChoiceField(label=_("Tugaskan kepada"), queryset=Employee.objects.none())

    def __init__(self, *args, employees=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = employees if employees is not None else Employee.objects.none()
        self.fields["employee"].label_from_instance = lambda e: e.display_name


class RespondForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("Tanggapan untuk pelapor"), widget=forms.Textarea(attrs={"rows": 3}))
    resolve = forms.BooleanField(label=_("Pengaduan selesai"), required=False)


class PointForm(BootstrapMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit layanan"), queryset=Unit.objects.none())
    counter = forms.CharField(label=_("Loket (opsional)"), required=False, max_length=100)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()


class SlaForm(BootstrapMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit layanan"), queryset=Unit.objects.none())
    response_hours = forms.IntegerField(label=_("Target waktu tanggap (jam)"), min_value=1, max_value=720)
    resolution_hours = forms.IntegerField(label=_("Target waktu selesai (jam)"), min_value=1, max_value=2160)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()


def survey_fields(post, *, with_service: bool = True) -> dict:
    """The survey form's answers, respondent profile and anti-abuse fields, named as
    ``services.survey_submit`` and the queue's ``ticket_survey_submit`` take them (a ticket
    already says which service was used)."""
    profile = ("gender", "age", "education", "occupation", *(("service",) if with_service else ()))
    return {
        "answers": {code: post.get(code, "") for code in rules.ELEMENT_CODES},
        "token": post.get("token", ""),
        "honeypot": post.get("website", ""),
        "suggestion": post.get("suggestion", ""),
        **{name: post.get(name, "") for name in profile},
    }
