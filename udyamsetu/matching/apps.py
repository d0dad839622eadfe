from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "udyamsetu.matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from udyamsetu.matching import signals  # noqa: F401 -- connects the receivers
