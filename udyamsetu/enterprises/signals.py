"""Signals the registry sends for other apps to act on."""

from django.dispatch import Signal

# Sent when a registry import finishes, with `run` (the RegistryImport) and `since`: every
# enterprise the run inserted or changed has `updated_at >= since`. COPY sends no model signals.
registry_imported = Signal()
