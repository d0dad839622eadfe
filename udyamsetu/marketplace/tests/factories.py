"""Test data for opportunities: a post made in one line."""

from __future__ import annotations

from udyamsetu.marketplace.models import Post


def post(organisation, title: str, **fields) -> Post:
    """A published business request by `organisation` unless told otherwise; term fields
    (processes, technology_areas, required_certifications, preferred_certifications) take
    lists of terms."""
    terms = {
        name: fields.pop(name)
        for name in ("processes", "technology_areas", "required_certifications",
                     "preferred_certifications")
        if name in fields
    }  # fmt: skip
    values = {"kind": Post.Kind.BUSINESS_REQUEST, "status": Post.Status.PUBLISHED,
              "description": title, **fields}  # fmt: skip
    made = Post.objects.create(organisation=organisation, title=title, **values)
    for name, chosen in terms.items():
        getattr(made, name).set(chosen)
    return made
