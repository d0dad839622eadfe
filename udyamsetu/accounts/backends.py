"""Authorisation backend: officials act through the permissions of their office."""

from __future__ import annotations

from django.contrib.auth.backends import BaseBackend
from django.contrib.auth.models import Permission

from udyamsetu.accounts.models import Organisation


class OfficePermissionBackend(BaseBackend):
    """Grants a user the permissions of every active government office they belong to.

    Officials never need superuser rights: an office is given exactly the permissions its work
    needs (in the admin), and its members hold them while they are members. Object-level
    permissions are not handled here (`obj` is ignored, as in Django's ModelBackend).
    """

    cache_attr = "_office_perm_cache"

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, self.cache_attr):
            rows = Permission.objects.filter(
                offices__memberships__user=user_obj,
                offices__kind=Organisation.Kind.GOVERNMENT_OFFICE,
                offices__is_active=True,
            ).values_list("content_type__app_label", "codename")
            setattr(user_obj, self.cache_attr, {f"{app}.{codename}" for app, codename in rows})
        return getattr(user_obj, self.cache_attr)

    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        return perm in self.get_all_permissions(user_obj, obj)
