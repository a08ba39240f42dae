"""The file formats the import knows, and the one built from a customer's column mapping.

Interface (part B codes against it):

- ``detect(headers: list[str]) -> Format | None`` — the known format whose header this is
  (Homebox first, then Shelf, then our own CSV); None when the customer must map the columns.
- ``by_key(key: str) -> Format`` — "homebox", "shelf" or "cleverstore" (the CLI's ``--format``);
  ValidationFailed({"file": "import.unknown_format"}) otherwise.
- ``mapped.build(mapping: dict[str, str]) -> Format`` — header -> target, target one of
  ``columns.MAPPABLE`` (our field names), ``"field:<custom field name>"``, ``"ref"``, or "" (ignore).
  ValidationFailed({"mapping": "import.mapping_needs_name"}) when nothing maps to ``name``;
  ({"mapping": "import.mapping_unknown_target"}) for a target we do not know.
- ``Format`` (dataclass): ``key`` (str), ``record(cells: dict[str, str]) -> ImportRecord``,
  ``detect(headers) -> bool`` (always False for a mapped format), ``ignored(headers) -> list[str]``
  (the columns this format does not read, for the preview).
- ``ImportRecord`` (dataclass): ``form`` (the keys ``item_form.clean_item_form`` takes, values as typed),
  ``custom`` (custom field values by field name), ``tags`` (list[str] | None: when set, these exact names,
  not split again), ``ref`` ("" or the stable id that makes a re-import update the same object),
  ``place_path`` (list of place names, outermost first; None = use ``form["location"]``),
  ``attachments`` (list[Attachment]: a path inside a Homebox zip, its kind, whether it is the main photo),
  ``is_place`` (a Homebox v0.26+ location row: makes its place, not an object), ``warnings`` (i18n keys of
  what was changed on the way in, e.g. a fractional quantity rounded up), ``skip`` (nothing to import).

``record`` never raises: a value it cannot convert is passed on as it stands and the object form's rules
(``engine.preview``) refuse that row with the form's own message.
"""
from __future__ import annotations

from cleverstore.services.imports.formats.base import Attachment, Format, ImportRecord
from cleverstore.services.shared.errors import ValidationFailed

__all__ = ["Attachment", "Format", "ImportRecord", "detect", "by_key", "KNOWN"]


def _known() -> tuple[Format, ...]:
    from cleverstore.services.imports.formats import cleverstore, homebox, shelf
    return (homebox.FORMAT, shelf.FORMAT, cleverstore.FORMAT)


def detect(headers: list[str]) -> Format | None:
    for fmt in _known():
        if fmt.detect(headers):
            return fmt
    return None


def by_key(key: str) -> Format:
    for fmt in _known():
        if fmt.key == key:
            return fmt
    raise ValidationFailed({"file": "import.unknown_format"})


KNOWN = ("homebox", "shelf", "cleverstore")
