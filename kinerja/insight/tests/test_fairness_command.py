import io
import json

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_the_command_prints_every_rater_with_figures_and_flags(cast, story, settings):
    settings.INSIGHT_FAIRNESS = {"min_rated": 1, "leniency_gap": 1, "leniency_share": 0.5}
    out = io.StringIO()
    call_command("fairness", "--instansi", "tebo", "--period", "2026-Q4", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    (rater,) = [r for r in data["raters"] if r["rater_id"] == cast.supervisor.pk]
    assert rater["figures"]["rated"] == 1 and rater["flags"][0]["code"] == "lenient"
    assert rater["flags"][0]["text"].startswith("Memberi 1 dari 1 pegawai Di Atas Ekspektasi")


@pytest.mark.parametrize(("code", "key"), [("nowhere", "2026-Q4"), ("tebo", "2026-Q9"), ("tebo", "2019")])
def test_the_command_refuses_unknown_instansi_or_period(cast, period, code, key):
    with pytest.raises(CommandError):
        call_command("fairness", "--instansi", code, "--period", key, stdout=io.StringIO())


def test_the_api_reads_and_computes_for_the_right_people(client, cast, other, story):
    url = "/api/v1/wawasan/fairness?period=2026-Q4"
    client.force_login(cast.admin)
    assert client.get(url).json() == []
    computed = client.post(url)
    assert computed.status_code == 200 and {r["rater_id"] for r in computed.json()} >= {cast.supervisor.pk}
    client.force_login(cast.pimpinan)
    assert len(client.get(url).json()) == len(computed.json())
    assert client.post(url).status_code == 403
    client.force_login(cast.pegawai)
    assert client.get(url).status_code == 403
    client.force_login(other.admin)  # another tenant: its own year (not open there), never tebo's
    assert client.get(url).status_code == 422
    assert client.get("/api/v1/wawasan/fairness?period=2026-Q7").status_code == 422
