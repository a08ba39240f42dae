"""Use cases of register for customers: each opens its own unit of work.

The list (with its totals and filter menus), the selection and bulk actions, one object
(view, form, save, delete) with its files and history. Every customer's data goes through
`tenant_scope(account_id)`. The catalogue and dashboard are in `catalogue_actions`; the CSV
import and export are `services/imports`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from cleverstore.db import tenant_scope
from cleverstore.services.register import bulk, catalogue, files, history, items, revision_memo, summaries, undo
from cleverstore.services.register.bulk import BULK_STATUSES, MAX_SELECTION, NO_PLACE
from cleverstore.services.register.files import FileBytes
from cleverstore.services.register.images import DISPLAY_EDGE, PHONE_EDGE, THUMB_SIZE, TILE_EDGE
from cleverstore.services.register.images import MAX_BYTES as MAX_UPLOAD_BYTES
from cleverstore.services.register.images import RejectedFile
from cleverstore.services.register.item_form import (
    STATUSES,
    form_values,
    is_web_link,
    known_form_fields,
)
from cleverstore.services.register.items import ItemPage, ItemQuery, ItemView, Totals, needs_details
from cleverstore.services.register.undo import UNDO_MINUTES
from cleverstore.services.shared import worth
from cleverstore.services.shared.actors import Actor
from cleverstore.services.shared.errors import NotFound
from cleverstore.services.shared.worth import is_owned

FORMER_MEMBER = history.FORMER_MEMBER
THUMB_EDGE = THUMB_SIZE[0]  # the thumbnail's long edge (a JPEG, also what the PDF reports print)

__all__ = [
    # values and constants pages and states use
    "BULK_STATUSES", "DISPLAY_EDGE", "FORMER_MEMBER", "PHONE_EDGE", "THUMB_EDGE", "TILE_EDGE", "MAX_SELECTION", "MAX_UPLOAD_BYTES", "STATUSES", "ChangeInfo", "CustomFieldInfo", "FileBytes",
    "FileInfo", "FilterOptions", "ItemFiles", "ItemOptions", "ItemPage", "ItemQuery", "ItemScreen", "ItemView",
    "OpenedItem", "RegisterListing", "RejectedFile", "Totals", "BulkDone", "NO_PLACE", "UNDO_MINUTES",
    "is_owned", "is_web_link", "needs_details",
    # the list, the selection and bulk actions
    "list_register", "register_filter_options", "matching_item_ids", "move_items", "tag_items",
    "set_items_status", "delete_items", "undo_bulk_action",
    # one object, its files and history
    "new_item_values", "known_form_fields", "open_item", "save_item", "delete_item", "item_files", "attach_file",
    "set_main_file", "remove_file", "read_owned_file", "file_display_name",
]


# --- what the actions return -------------------------------------------------------

@dataclass(frozen=True)
class BulkDone:
    """How many objects a bulk action changed, and the undo its message offers."""

    count: int
    undo_id: int


@dataclass(frozen=True)
class FilterOptions:
    """(id, label) choices of the filter menus: categories, locations (tree order, full paths), tags."""

    categories: tuple[tuple[str, str], ...] = ()
    locations: tuple[tuple[str, str], ...] = ()
    tags: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class RegisterListing:
    """One page of the register; `options` only when asked for; `today` is the day values were estimated for."""

    page: ItemPage
    today: date
    options: FilterOptions | None = None
    needs_details: int = 0  # objects of the whole register without a name or any value


@dataclass(frozen=True)
class CustomFieldInfo:
    id: int
    name: str
    kind: str

    @property
    def key(self) -> str:
        """The field's name in the object form (and in `OpenedItem.values`)."""
        return f"cf_{self.id}"


@dataclass(frozen=True)
class ItemOptions:
    """What the object form offers: category names, location paths, the register's own fields."""

    categories: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    custom_fields: tuple[CustomFieldInfo, ...] = ()


@dataclass(frozen=True)
class FileInfo:
    """A photo or document of an object (the attribute names are those of the stored row)."""

    id: int
    kind: str
    original_name: str
    content_type: str
    is_main: bool
    thumb_name: str | None
    size_bytes: int
    created_at: datetime | None = None

    @classmethod
    def of(cls, record) -> FileInfo:
        """The values of a stored file row (read inside its unit of work)."""
        return cls(id=record.id, kind=record.kind, original_name=record.original_name,
                   content_type=record.content_type, is_main=bool(record.is_main), thumb_name=record.thumb_name,
                   size_bytes=record.size_bytes, created_at=record.created_at)


@dataclass(frozen=True)
class ChangeInfo:
    """One changed field of an object's history."""

    id: int
    created_at: datetime
    actor: str
    field_name: str
    old_value: str
    new_value: str

    @classmethod
    def of(cls, change, actor: str) -> ChangeInfo:
        """The values of a stored history row; `actor` is who made it, named now (`history.actor_names`)."""
        return cls(id=change.id, created_at=change.created_at, actor=actor, field_name=change.field_name,
                   old_value=change.old_value, new_value=change.new_value)


@dataclass(frozen=True)
class ItemFiles:
    """An object with its gallery and history (`view.item` is a detached row, for reading)."""

    view: ItemView
    files: tuple[FileInfo, ...]
    changes: tuple[ChangeInfo, ...]
    today: date


@dataclass(frozen=True)
class OpenedItem(ItemFiles):
    """An object with its gallery and history, and what its form starts with."""

    values: dict[str, str]      # the edit form's starting values
    custom: dict[int, str]      # custom field id -> stored value


@dataclass(frozen=True)
class ItemScreen:
    """The object page: the form's options, and the object (None: not an object of this register)."""

    options: ItemOptions
    item: OpenedItem | None


def _filter_options(db, account_id: int) -> FilterOptions:
    choices = items.filter_options(db, account_id)
    return FilterOptions(tuple(choices["categories"]), tuple(choices["locations"]), tuple(choices["tags"]))


# --- the list ----------------------------------------------------------------------

WHOLE_REGISTER = ItemQuery().counts_key()  # no search and no filter
# below this many objects counting the whole register costs less than keeping the count (a write of its own)
KEPT_FROM = 10_000


def _kept_counts(figures) -> dict:
    """The kept whole-register counts as {"needing": int, "totals": Totals}, or {} (none, or of another shape)."""
    try:
        return {"needing": int(figures["needing"]), "totals": worth.from_list(figures["totals"])}
    except (KeyError, IndexError, TypeError, ValueError):
        return {}


def list_register(account_id: int, query: ItemQuery, *, known: tuple[int, Totals] | None = None,
                  known_needing: int | None = None, with_options: bool = False) -> RegisterListing:
    """One page of the register with the matching count and totals (sold and discarded objects are
    left out of the totals). `known` = (matching, totals) of an earlier call with the same
    `query.counts_key()`: then only the page is read; `known_needing`, that call's count of objects
    needing details (a page or a sort changes no object). `with_options` also reads the filter menus.

    The whole register's totals and its count of objects needing details are kept between events until an
    object changes (`summaries`, kind "register"): at 100 000 objects each is a pass over the register, and
    every search or filter needs the count, every return to the whole register the totals. They are kept
    when the whole register was counted and holds at least KEPT_FROM objects. Smaller registers' counts,
    needing count and place paths are remembered in this process under the revision read with them
    (`revision_memo`): no statement for them until the register changes."""
    today = date.today()
    whole = query.counts_key() == WHOLE_REGISTER
    counts_what = ("counts", today, query.counts_key()) if _counts_follow_revision(query) else None
    with tenant_scope(account_id) as db:
        recalled = summaries.recall(db, account_id, "register", today) if known is None or known_needing is None \
            else None
        version = recalled.version if recalled else None
        memo = revision_memo.register_figures
        kept = _kept_counts(recalled.figures if recalled else None)
        # the counts describe this revision (made now or remembered under it), not an earlier event's
        of_this_revision = known is None
        if known is None and counts_what is not None:
            known = memo.recall(account_id, version, counts_what)
        if whole and known is None and kept:
            known = (kept["totals"].objects + kept["totals"].not_counted, kept["totals"])
        paths = memo.recall(account_id, version, "paths")
        if paths is None and version is not None:
            paths = catalogue.location_paths(db, account_id)
            memo.keep(account_id, version, "paths", paths)
        page = items.list_items(db, account_id, query, today, known, paths)
        options = _filter_options(db, account_id) if with_options else None
        if "needing" in kept:
            needing = kept["needing"]
        elif known is not None and known_needing is not None:
            needing = known_needing
        else:
            needing = memo.recall(account_id, version, "needing")
            if needing is None:
                needing = items.count_needing_details(db, account_id)
                memo.keep(account_id, version, "needing", needing)
    if counts_what is not None and of_this_revision:
        memo.keep(account_id, version, counts_what, (page.matching, page.totals))
    if (recalled is not None and recalled.revision is not None and whole and of_this_revision and not kept
            and page.matching >= KEPT_FROM):
        summaries.keep(account_id, "register", recalled.revision, today,
                       {"needing": needing, "totals": worth.as_list(page.totals)})
    return RegisterListing(page=page, today=today, options=options, needs_details=needing)


def _counts_follow_revision(query: ItemQuery) -> bool:
    """The query's count and totals are made only of rows the register's revision counts: not a search (the
    text index) and not a tag filter (tags are not counted)."""
    return not query.search and not query.tag_id and query.item_ids is None


def register_filter_options(account_id: int) -> FilterOptions:
    with tenant_scope(account_id) as db:
        return _filter_options(db, account_id)


def matching_item_ids(account_id: int, query: ItemQuery, limit: int = MAX_SELECTION) -> list[int]:
    """Every object the search and filters match, on all pages (for "select all matching")."""
    with tenant_scope(account_id) as db:
        return items.matching_ids(db, account_id, query, limit)


# --- bulk actions (ids not of this register are dropped first) ----------------------

def move_items(account_id: int, ids: list[int], location_id: object, *, actor: Actor | str = "") -> BulkDone:
    """Move to an existing place, or NO_PLACE to remove the place; an empty choice is refused
    (ValidationFailed), NotFound when the place is gone."""
    with tenant_scope(account_id) as db:
        return BulkDone(*bulk.move(db, account_id, list(ids), location_id, actor=actor))


def tag_items(account_id: int, ids: list[int], name: str, *, actor: Actor | str = "") -> BulkDone:
    """Add one tag; ValidationFailed unless exactly one tag is named."""
    with tenant_scope(account_id) as db:
        return BulkDone(*bulk.tag(db, account_id, list(ids), name, actor=actor))


def set_items_status(account_id: int, ids: list[int], status: str, *, actor: Actor | str = "") -> BulkDone:
    """One of BULK_STATUSES (others need details, one object at a time); else ValidationFailed."""
    with tenant_scope(account_id) as db:
        return BulkDone(*bulk.set_status(db, account_id, list(ids), status, actor=actor))


def delete_items(account_id: int, ids: list[int]) -> BulkDone:
    """Delete the objects; they (with their files and history) come back with `undo_bulk_action` for
    UNDO_MINUTES."""
    with tenant_scope(account_id) as db:
        return BulkDone(*bulk.delete(db, account_id, list(ids)))


def undo_bulk_action(account_id: int, undo_id: object, *, actor: Actor | str = "") -> int:
    """Put back everything a bulk action of this register changed; ValidationFailed once it has passed."""
    with tenant_scope(account_id) as db:
        return undo.undo(db, account_id, undo_id, actor=actor)


# --- one object ----------------------------------------------------------------------

def new_item_values() -> dict[str, str]:
    """The starting values of the form for a new object."""
    return form_values(None, category="", location="", tags=[], custom={}, lang="sv")


def _options(db, account_id: int) -> ItemOptions:
    return ItemOptions(
        categories=tuple(c.name for c in catalogue.categories(db, account_id)),
        locations=tuple(node.path for node in catalogue.location_tree(db, account_id)),
        custom_fields=tuple(CustomFieldInfo(f.id, f.name, f.kind) for f in catalogue.custom_fields(db, account_id)),
    )


def _files_and_history(db, account_id: int, item_id: int) -> tuple[tuple[FileInfo, ...], tuple[ChangeInfo, ...]]:
    rows = history.changes(db, account_id, item_id)
    names = history.actor_names(db, rows)
    return (tuple(FileInfo.of(record) for record in files.files_of(db, account_id, item_id)),
            tuple(ChangeInfo.of(change, names[change.id]) for change in rows))


def open_item(account_id: int, item_id: object, *, lang: str) -> ItemScreen:
    """The object page: the form's options and the object with its form values (money written for
    `lang`), custom values, files and history. An id that is not this register's gives `item=None`."""
    today = date.today()
    with tenant_scope(account_id) as db:
        options = _options(db, account_id)
        try:
            found = items.get_item(db, account_id, item_id)
        except NotFound:
            return ItemScreen(options=options, item=None)
        view = items.view_of(db, account_id, found)
        custom = items.custom_values(db, found.id)
        values = form_values(found, category=view.category, location=view.location, tags=view.tags,
                             custom=custom, lang=lang)
        shown_files, changes = _files_and_history(db, account_id, found.id)
    return ItemScreen(options=options, item=OpenedItem(view=view, files=shown_files, changes=changes, today=today,
                                                       values=values, custom=custom))


def save_item(account_id: int, item_id: object, fields: dict, *, actor: Actor | str = "") -> int:
    """Add an object (empty `item_id`) or change one; returns its id. ValidationFailed / NotFound."""
    with tenant_scope(account_id) as db:
        if item_id:
            saved = items.update_item(db, account_id, item_id, fields, actor=actor)
        else:
            saved = items.create_item(db, account_id, fields, actor=actor)
        return saved.id


def delete_item(account_id: int, item_id: object) -> None:
    """The object, its files (rows and bytes) and history; NotFound when not this register's."""
    with tenant_scope(account_id) as db:
        items.delete_item(db, account_id, item_id)


def item_files(account_id: int, item_id: object) -> ItemFiles:
    """The object (for its detail rows), its gallery and its history; NotFound when not this register's."""
    today = date.today()
    with tenant_scope(account_id) as db:
        found = items.get_item(db, account_id, item_id)
        shown_files, changes = _files_and_history(db, account_id, found.id)
        view = items.view_of(db, account_id, found)
    return ItemFiles(view=view, files=shown_files, changes=changes, today=today)


# --- files ---------------------------------------------------------------------------

def attach_file(account_id: int, item_id: object, kind: str, data: bytes, filename: str,
                *, actor: Actor | str = "") -> int:
    """Store one photo or document of an object; returns the file's id. NotFound / RejectedFile."""
    with tenant_scope(account_id) as db:
        return files.attach(db, account_id, item_id, kind, data, filename, actor=actor).id


def set_main_file(account_id: int, file_id: object) -> None:
    """Make a photo the object's main photo; NotFound for anything else."""
    with tenant_scope(account_id) as db:
        files.set_main(db, account_id, file_id)


def remove_file(account_id: int, file_id: object, *, actor: Actor | str = "") -> None:
    with tenant_scope(account_id) as db:
        files.remove(db, account_id, file_id, actor=actor)


def read_owned_file(account_ids: tuple[int, ...], file_id: object, *, thumbnail: bool,
                    display: bool = False, phone: bool = False, tile: bool = False) -> FileBytes:
    """A file (or its thumbnail, display, phone or tile rendition) of any of these registers (a SuperPro owner
    switches between them); else NotFound."""
    for account_id in account_ids:
        with tenant_scope(account_id) as db:
            try:
                return files.read(db, account_id, file_id, thumbnail=thumbnail, display=display, phone=phone,
                                  tile=tile)
            except NotFound:
                continue
    raise NotFound()


def file_display_name(raw: str) -> str:
    """A customer's file name as shown: no path, no control characters, capped."""
    return files.display_name(raw)
