"""ASGI entry point (uvicorn udyamsetu.asgi:application)."""

import os

from django.core.asgi import get_asgi_application

from udyamsetu.cli import default_settings_module

os.environ.setdefault("DJANGO_SETTINGS_MODULE", default_settings_module())
application = get_asgi_application()
