from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "udyamsetu.search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from udyamsetu.search import signals  # noqa: F401 -- connects the receivers
