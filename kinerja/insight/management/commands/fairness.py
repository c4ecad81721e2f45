import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from kinerja.insight.fairness import fairness_compute, resolve_cut, review_dicts
from kinerja.insight.models import RaterReview
from kinerja.org.models import Instansi


class Command(BaseCommand):
    help = "Computes every rater's fairness figures and flags for an instansi and cut, stores them and prints them."

    def add_arguments(self, parser):
        parser.add_argument("--instansi", required=True, help="instansi code")
        parser.add_argument("--period", required=True, help="cut, e.g. 2026-Q4, 2026-11, or 2026 for the year")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, instansi: str, period: str, format: str, **options):
        target = Instansi.objects.filter(code=instansi).first()
        if target is None:
            raise CommandError(f"Instansi {instansi} tidak ditemukan.")
        try:
            year = resolve_cut(target, period)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        fairness_compute(instansi=target, period=year, cut_key=period)
        reviews = (
            RaterReview.objects.filter(instansi=target, period=year, cut_key=period)
            .select_related("rater", "unit")
            .order_by("-flag_count", "rater__name")
        )
        rows = review_dicts(reviews)
        if format == "json":
            self.stdout.write(json.dumps({"instansi": target.code, "period": period, "raters": rows}, indent=2))
            return
        for row in rows:
            self.stdout.write(f"{row['rater_nip']} {row['rater_name']} ({row['unit']}): {len(row['flags'])} catatan")
            for flag in row["flags"]:
                self.stdout.write(f"  - [{flag['code']}] {flag['text']}")
