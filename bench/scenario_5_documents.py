"""Scenario 5: SKP and evaluation PDFs per second.

Alone, after scenarios 6 and 2: ``DATABASE_URL=… python bench/scenario_5_documents.py --documents 20``
"""

from __future__ import annotations

import argparse
import resource
import time

from common import emit


def scenario_documents(count: int) -> dict:
    """SKP PDFs per second; baseline: rendering the same HTML without the PDF step."""
    from django.template.loader import render_to_string

    from kinerja.skp import selectors
    from kinerja.skp.models import Skp

    ids = list(Skp.objects.filter(instansi__code="bench").order_by("pk").values_list("pk", flat=True)[:count])

    def html_for(pk):
        skp = selectors.skp_detail(pk)
        return render_to_string("skp/document.html", {"skp": skp, "behaviours": selectors.behaviour_rows(skp)})

    figures = _rates(ids, html_for)
    # Peak resident memory of the benchmark process so far (tracemalloc would distort the timing).
    return figures | {"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _rates(items: list, html_for) -> dict:
    """Documents per second as HTML only (the baseline) and as PDF, after one warm-up PDF (fonts
    are loaded once per process)."""
    from weasyprint import HTML

    HTML(string=html_for(items[0])).write_pdf()
    start = time.perf_counter()
    for item in items:
        html_for(item)
    html_s = time.perf_counter() - start
    start = time.perf_counter()
    for item in items:
        HTML(string=html_for(item)).write_pdf()
    pdf_s = time.perf_counter() - start
    return {"documents": len(items), "pdf_per_s": len(items) / pdf_s, "html_per_s": len(items) / html_s}


def scenario_evaluation_documents(count: int) -> dict:
    """Evaluation PDFs per second (after `evaluate` has run); baseline: the same HTML only."""
    from django.template.loader import render_to_string

    from kinerja.appraisal import selectors
    from kinerja.appraisal.models import Evaluation

    evaluations = list(
        Evaluation.objects.filter(instansi__code="bench")
        .select_related(
            "employee", "employee__position", "evaluator", "evaluator_supervisor", "period", "instansi", "skp"
        )
        .order_by("pk")[:count]
    )

    def html_for(evaluation):
        return render_to_string("appraisal/document.html", selectors.document_context(evaluation))

    return _rates(evaluations, html_for)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=20)
    count = parser.parse_args().documents
    emit({"documents": scenario_documents(count), "evaluation_documents": scenario_evaluation_documents(count)})
