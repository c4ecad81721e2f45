from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kinerja.core.forms import BootstrapMixin


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(
                attrs={"accept": ".pdf,.jpg,.jpeg,.png,.webp,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods"}
            ),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class ActivityForm(BootstrapMixin, forms.Form):
    """One entry. The indicator list is the employee's approved SKP; empty means other duties."""

    client_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    # The version an edit starts from: a change saved meanwhile elsewhere is shown, not overwritten.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    date = forms.DateField(label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    start_time = forms.TimeField(
        label=_("Mulai"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=pgettext_lazy("jam", "Selesai"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    minutes = forms.IntegerField(label=_("atau durasi (menit)"), required=False, min_value=1, max_value=1440)
    description = forms.CharField(label=_("Uraian kegiatan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    indicator = forms.ModelChoiceField(
        label=_("Untuk indikator"), queryset=None, required=False, empty_label=_("Tugas lain (di luar SKP)")
    )
    quantity = forms.DecimalField(
        label=_("Jumlah keluaran"), min_value=0, max_digits=12, decimal_places=2, initial=0, required=False
    )
    files = MultipleFileField(label=_("Bukti (berkas)"), required=False)
    link = forms.URLField(label=_("Bukti (tautan)"), required=False, max_length=500, assume_scheme="https")

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators
        self.fields["indicator"].label_from_instance = lambda i: (
            f"{i.text} ({i.target:g} {i.target_unit})" if i.target is not None else i.text
        )
        self.fields["quantity"].widget.attrs.update(inputmode="decimal", step="any")

    def clean(self):
        cleaned = super().clean()
        start, end, minutes = cleaned.get("start_time"), cleaned.get("end_time"), cleaned.get("minutes")
        if (start is None) != (end is None):
            self.add_error(
                "end_time" if start else "start_time", _("Isi jam mulai dan jam selesai, atau kosongkan keduanya.")
            )
        elif start is None and minutes is None and not self.errors:
            self.add_error("minutes", _("Isi jam mulai dan selesai, atau durasi."))
        return cleaned


class DecisionForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(choices=[("verify", _("Terima")), ("return", _("Kembalikan"))])
    comment = forms.CharField(
        label=_("Catatan"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CommentForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("Komentar"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class DialogueForm(BootstrapMixin, forms.Form):
    employee = forms.ModelChoiceField(label=_("Pegawai"), queryset=None)
    date = forms.DateField(label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    topics = forms.CharField(label=_("Topik yang dibahas"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
    agreements = forms.CharField(
        label=_("Kesepakatan"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    follow_up = forms.CharField(
        label=_("Tindak lanjut"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, employees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = employees
        self.fields["employee"].label_from_instance = lambda e: e.display_name


class ReflectionForm(BootstrapMixin, forms.Form):
    period_key = forms.CharField(label=_("Periode"), max_length=8)
    text = forms.CharField(label=_("Refleksi diri"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class ReportForm(BootstrapMixin, forms.Form):
    indicator = forms.ModelChoiceField(label=_("Indikator"), queryset=None)
    period_key = forms.ChoiceField(label=_("Periode"))
    quantity = forms.DecimalField(label=_("Realisasi"), min_value=0, max_digits=14, decimal_places=2)
    note = forms.CharField(
        label=_("Keterangan"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence = forms.FileField(label=_("Bukti"), required=False)

    def __init__(self, *args, indicators, period_keys, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators
        self.fields["indicator"].label_from_instance = lambda i: i.text
        self.fields["period_key"].choices = [(k, k) for k in period_keys]


class WorkSettingsForm(BootstrapMixin, forms.Form):
    evidence_required = forms.BooleanField(
        label=_("Kegiatan tanpa bukti tidak dihitung dalam realisasi"),
        required=False,
        help_text=_(
            "Bila dicentang, hanya kegiatan terverifikasi yang memiliki berkas atau tautan bukti yang menambah "
            "realisasi. Setiap indikator dapat mengatur pengecualiannya sendiri di SKP."
        ),
    )
