"""Forms of the queue's staff pages: they parse input; the rules live in services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.core.forms import BootstrapMixin
from kinerja.org.models import Employee, Unit

from .models import Service

WEEKDAY_CHOICES = [
    ("0", _("Senin")),
    ("1", _("Selasa")),
    ("2", _("Rabu")),
    ("3", _("Kamis")),
    ("4", _("Jumat")),
    ("5", _("Sabtu")),
    ("6", _("Minggu")),
]


class ServiceForm(BootstrapMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit layanan"), queryset=Unit.objects.none())
    name = forms.CharField(label=_("Nama layanan"), max_length=100)
    code = forms.CharField(label=_("Huruf tiket"), max_length=3, help_text=_("Mis. A untuk KTP-el: tiket A-001."))
    opens_at = forms.TimeField(label=_("Jam buka"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    closes_at = forms.TimeField(label=_("Jam tutup"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    weekdays = forms.MultipleChoiceField(
        label=_("Hari buka"), choices=WEEKDAY_CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )
    is_open = forms.BooleanField(label=_("Buka (menerima tiket)"), required=False)
    target_days = forms.IntegerField(
        label=_("Target dokumen selesai (hari)"),
        required=False,
        min_value=1,
        max_value=365,
        help_text=_("Isi bila layanan ini menghasilkan dokumen (mis. KTP-el); kosongkan bila tidak."),
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
        self.fields["weekdays"].widget.attrs["class"] = ""

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["weekdays"] = "".join(data["weekdays"])
        return data


class CounterForm(BootstrapMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit layanan"), queryset=Unit.objects.none())
    name = forms.CharField(label=_("Nama loket"), max_length=60)
    services = forms.ModelMultipleChoiceField(
        label=_("Layanan yang dipanggil"), queryset=Service.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, units=None, services=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
        self.fields["services"].queryset = services if services is not None else Service.objects.none()
        self.fields["services"].widget.attrs["class"] = ""


class ShiftForm(BootstrapMixin, forms.Form):
    day = forms.DateField(label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    employees = forms.ModelMultipleChoiceField(
        label=_("Petugas loket"), queryset=Employee.objects.none(), required=False
    )

    def __init__(self, *args, employees=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employees"].queryset = employees if employees is not None else Employee.objects.none()
        self.fields["employees"].label_from_instance = lambda e: e.display_name
        self.fields["employees"].widget.attrs["size"] = 8


class TransferForm(BootstrapMixin, forms.Form):
    to_service = forms.ModelChoiceField(label=_("Pindahkan ke layanan"), queryset=Service.objects.none())

    def __init__(self, *args, services=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_service"].queryset = services if services is not None else Service.objects.none()


class DocumentForm(BootstrapMixin, forms.Form):
    service = forms.ModelChoiceField(label=_("Jenis dokumen"), queryset=Service.objects.none())
    reference = forms.CharField(label=_("Nomor registrasi"), max_length=40)

    def __init__(self, *args, services=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services if services is not None else Service.objects.none()
