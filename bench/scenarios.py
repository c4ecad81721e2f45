"""Runs benchmark scenarios 2–7 against one database and prints the figures as JSON.

Called by ``bench/run.py`` once per database (``DATABASE_URL`` set by the caller, on a fresh
database); scenario 1 (``scenario_1_submission.py``) needs a server and runs after it. Each
scenario lives in its own script and can run alone; each measures Kinerja's code path *and* a
baseline in the same run.
"""

from __future__ import annotations

import argparse

from common import emit
from django.core.management import call_command
from django.db import connection
from scenario_2_evaluation import scenario_evaluation
from scenario_3_pages import scenario_pages
from scenario_4_import import scenario_import
from scenario_5_documents import scenario_documents, scenario_evaluation_documents
from scenario_6_generation import scenario_generation
from scenario_7_tpp import scenario_tpp


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--documents", type=int, default=20)
    parser.add_argument("--days", type=int, default=20)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    out = {"vendor": connection.vendor}
    out["generation"] = scenario_generation(args.employees, args.days)
    out["evaluation"] = scenario_evaluation()  # first: the dashboards below read its evaluations
    out["pages"] = scenario_pages(args.repeat)
    out["import"] = scenario_import(args.employees)
    out["documents"] = scenario_documents(args.documents)
    out["evaluation_documents"] = scenario_evaluation_documents(args.documents)
    out["tpp"] = scenario_tpp()
    emit(out)


if __name__ == "__main__":
    main()
