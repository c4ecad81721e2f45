"""The django-tasks entry point: the worker (`manage.py db_worker`) calls it with a job id."""

from django_tasks import task


@task()
def run_job(job_id: int) -> str | None:
    from .services import job_run

    return job_run(job_id=job_id)
