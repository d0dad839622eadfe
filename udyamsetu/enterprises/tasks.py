"""Background work for the registry: imports started from the officials' page."""

from __future__ import annotations

from pathlib import Path

from django_tasks import task

from udyamsetu.enterprises.importer import RegistryFileError, import_registry
from udyamsetu.enterprises.models import RegistryImport


@task()
def run_registry_import(run_id: int, path: str) -> str:
    """Run (or resume) an import an official uploaded; progress is saved batch by batch."""
    run = RegistryImport.objects.get(pk=run_id)
    try:
        run = import_registry(Path(path), run=run)
    except RegistryFileError as exc:
        RegistryImport.objects.filter(pk=run_id).update(
            status=RegistryImport.Status.FAILED, error=str(exc)
        )
        return f"failed: {exc}"
    return f"{run.inserted} new, {run.updated} changed, {run.rejected} rejected"
