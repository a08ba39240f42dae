"""Use cases of the catalogue (categories, location tree, custom fields) and the dashboard figures.

Each opens its own unit of work under `tenant_scope(account_id)`. Ids sent by a client that are
not this register's raise NotFound; refused values raise ValidationFailed.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cleverstore.db import tenant_scope
from cleverstore.services.register import catalogue
from cleverstore.services.register import dashboard as board
from cleverstore.services.register import summaries
from cleverstore.services.register.actions import CustomFieldInfo
from cleverstore.services.register.catalogue import FIELD_KINDS, LocationNode
from cleverstore.services.register.dashboard import Dashboard
from cleverstore.services.register.dashboard import Group as ValueGroup

__all__ = [
    "FIELD_KINDS", "Catalogue", "CategoryInfo", "Dashboard", "LocationNode", "ValueGroup",
    "load_catalogue", "save_category", "delete_category", "save_location", "move_location", "delete_location",
    "save_custom_field", "delete_custom_field", "dashboard_figures",
]


@dataclass(frozen=True)
class CategoryInfo:
    id: int
    name: str
    useful_life_years: int | None


@dataclass(frozen=True)
class Catalogue:
    categories: tuple[CategoryInfo, ...]
    locations: tuple[LocationNode, ...]     # tree order, parents before children
    fields: tuple[CustomFieldInfo, ...]


def load_catalogue(account_id: int) -> Catalogue:
    with tenant_scope(account_id) as db:
        return Catalogue(
            categories=tuple(CategoryInfo(c.id, c.name, c.useful_life_years)
                             for c in catalogue.categories(db, account_id)),
            locations=tuple(catalogue.location_tree(db, account_id)),
            fields=tuple(CustomFieldInfo(f.id, f.name, f.kind) for f in catalogue.custom_fields(db, account_id)),
        )


def save_category(account_id: int, values: dict) -> None:
    """Add a category, or change the one whose id is `values["id"]` (name, useful life in years)."""
    with tenant_scope(account_id) as db:
        catalogue.save_category(db, account_id, values, values.get("id") or None)


def delete_category(account_id: int, category_id: object) -> None:
    with tenant_scope(account_id) as db:
        catalogue.delete_category(db, account_id, category_id)


def save_location(account_id: int, values: dict) -> None:
    """Add a location (under `values["parent_id"]`), or rename the one whose id is `values["id"]`."""
    with tenant_scope(account_id) as db:
        catalogue.save_location(db, account_id, values, values.get("id") or None)


def move_location(account_id: int, location_id: object, parent_id: object) -> None:
    """Put a location under another one (empty = top level)."""
    with tenant_scope(account_id) as db:
        catalogue.move_location(db, account_id, location_id, parent_id)


def delete_location(account_id: int, location_id: object) -> None:
    with tenant_scope(account_id) as db:
        catalogue.delete_location(db, account_id, location_id)


def save_custom_field(account_id: int, values: dict) -> None:
    with tenant_scope(account_id) as db:
        catalogue.save_custom_field(db, account_id, values)


def delete_custom_field(account_id: int, field_id: object) -> None:
    with tenant_scope(account_id) as db:
        catalogue.delete_custom_field(db, account_id, field_id)


def dashboard_figures(account_id: int, *, none_label: str = "", rest_label: str = "") -> Dashboard:
    """Totals, values by category and by top-level location (`none_label` names "none", `rest_label` the
    smaller groups summed), the value at each month end, warranties ending within 90 days, and how many
    objects lack a photo or a receipt."""
    today = date.today()
    measured = summaries.remembered(account_id, "dashboard", today, lambda db: board.measure(db, account_id, today),
                                    board.encode, board.decode)
    with tenant_scope(account_id) as db:
        return board.present(db, account_id, measured, none_label=none_label, rest_label=rest_label)
