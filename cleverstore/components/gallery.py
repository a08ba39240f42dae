"""An object's photos and documents: the main photo large, the others as a strip, the documents as a list,
and the full-screen photo viewer that `assets/gallery.js` drives.

Each photo is a link to its full image (it opens without JavaScript too); gallery.js turns a click on any
`[data-gallery-photo]` into the viewer, listening on the document so a re-drawn list keeps working.
"""
from __future__ import annotations

from typing import Callable

import reflex as rx

from cleverstore.components.text import t

VIEWER_ID = "photo-viewer"
ICONS = {"pdf": "file-text", "image": "file-image"}


def _download(file) -> rx.Component:
    return rx.el.a(t("gallery.download"), href=file["download"], class_name="gallery-action", download="",
                   custom_attrs={"reloadDocument": True})


def _delete(file, on_delete: Callable, editable=True) -> rx.Component:
    return rx.cond(editable, rx.el.button(t("gallery.delete"), type="button",
                                          class_name="gallery-action gallery-action-danger",
                                          on_click=on_delete(file["id"])), rx.fragment())


def _make_main(file, on_make_main: Callable, editable=True) -> rx.Component:
    return rx.cond(editable, rx.el.button(t("gallery.make_main"), type="button",
                                          class_name="gallery-action gallery-action-main",
                                          on_click=on_make_main(file["id"])), rx.fragment())


def _photo_link(file, image: rx.Component, class_name: str) -> rx.Component:
    """The photo as a link to its full image; the viewer opens it (at display size) when scripts run."""
    return rx.el.a(
        image,
        rx.el.span(t("gallery.open_large"), class_name="sr-only"),
        href=file["view"],
        class_name=class_name,
        data_gallery_photo="",
        data_file_id=file["id"],
        data_name=file["name"],
        data_display=file["display"],
        custom_attrs={"reloadDocument": True},
    )


# How wide the main photo is shown (gallery.css): beside the others on a wide screen, at most 44rem, else the
# page's width less its margins. The browser reads it to choose between the phone and the display size.
MAIN_PHOTO_SIZES = "(min-width: 900px) 36rem, min(44rem, calc(100vw - 5.5rem))"


# How wide the other photos' squares are shown (gallery.css: at least 6.5rem, 9.5rem on a wide screen, a
# little more when the row has room)
TILE_SIZES = "(min-width: 900px) 11rem, 7.5rem"


def _main_photo(main, on_make_main: Callable, on_delete: Callable, editable=True) -> rx.Component:
    # the phone or display rendition (at most 640 / 1200 px), not the full photo: it is the page's largest
    # paint on a phone (width/height as attributes, not styles: the browser reserves the 4:3 box before the
    # bytes arrive)
    image = rx.el.img(src=main["display"], alt=main["name"], class_name="photo-main-image", draggable=False,
                      custom_attrs={"width": "800", "height": "600", "decoding": "async", "fetchpriority": "high",
                                    "srcSet": main["srcset"], "sizes": MAIN_PHOTO_SIZES})
    return rx.el.figure(
        _photo_link(main, image, "photo-main-open"),
        rx.el.figcaption(
            rx.cond(main["is_main"] == "1", rx.el.span(t("gallery.main"), class_name="main-badge"), rx.fragment()),
            rx.el.span(main["name"], class_name="file-name", title=main["name"]),
            class_name="photo-caption",
        ),
        rx.el.div(
            rx.cond(main["is_main"] == "1", rx.fragment(), _make_main(main, on_make_main, editable)),
            _download(main),
            _delete(main, on_delete, editable),
            class_name="gallery-actions",
        ),
        class_name="file-card photo-main",
        data_file_id=main["id"],
    )


def _photo_tile(on_make_main: Callable, on_delete: Callable, editable=True):
    def tile(photo) -> rx.Component:
        image = rx.el.img(src=rx.cond(photo["thumb"] != "", photo["thumb"], photo["view"]), alt=photo["name"],
                          class_name="photo-tile-image", loading="lazy", width="160", height="160",
                          draggable=False,
                          custom_attrs={"srcSet": photo["tile_srcset"], "sizes": TILE_SIZES})
        return rx.el.li(
            _photo_link(photo, image, "photo-tile-open"),
            rx.el.div(
                _make_main(photo, on_make_main, editable),
                _download(photo),
                _delete(photo, on_delete, editable),
                class_name="gallery-actions gallery-actions-stacked",
            ),
            class_name="file-card photo-tile",
            data_file_id=photo["id"],
        )
    return tile


def _type_icon(document) -> rx.Component:
    """A document's type: the drawn first page when there is one, else an icon with the format in words."""
    icon = rx.match(
        document["icon"],
        ("pdf", rx.icon(ICONS["pdf"], size=26, aria_hidden="true")),
        ("image", rx.icon(ICONS["image"], size=26, aria_hidden="true")),
        rx.icon("file", size=26, aria_hidden="true"),
    )
    word = rx.match(document["icon"], ("pdf", t("gallery.type_pdf")), ("image", t("gallery.type_image")),
                    t("gallery.type_other"))
    return rx.cond(
        document["thumb"] != "",
        rx.el.img(src=document["thumb"], alt="", class_name="doc-preview-image", loading="lazy", width="72",
                  height="72"),
        rx.el.span(icon, rx.el.span(word, class_name="doc-type-word"), class_name="doc-type-icon"),
    )


def _document_row(on_delete: Callable, editable=True):
    def row(document) -> rx.Component:
        return rx.el.li(
            rx.el.a(_type_icon(document), href=document["view"], target="_blank", rel="noopener",
                    class_name="doc-preview", tab_index=-1, aria_hidden="true"),
            rx.el.div(
                rx.el.a(
                    document["name"],
                    rx.el.span(" (", t("gallery.new_tab"), ")", class_name="sr-only"),
                    href=document["view"], target="_blank", rel="noopener", class_name="doc-name",
                    title=document["name"],
                ),
                # each fact whole on its line: a date never splits at its hyphens
                rx.el.p(
                    rx.el.span(document["kind_label"], class_name="doc-fact"), " · ",
                    rx.el.span(document["size"], class_name="doc-fact"),
                    rx.cond(document["date"] != "",
                            rx.fragment(" · ", rx.el.span(document["date"], class_name="doc-fact")), rx.fragment()),
                    class_name="doc-facts",
                    title=document["facts"],
                ),
                class_name="doc-text",
            ),
            rx.el.div(_download(document), _delete(document, on_delete, editable), class_name="gallery-actions"),
            class_name="file-card doc-row",
            data_file_id=document["id"],
            data_kind=document["kind"],
        )
    return row


def photo_viewer() -> rx.Component:
    """The full-screen viewer: one per page, filled and opened by gallery.js (position, name, large image)."""
    return rx.el.dialog(
        rx.el.div(
            rx.el.p(
                rx.el.span(class_name="viewer-position", data_viewer_position=""),
                rx.el.span(class_name="viewer-name", data_viewer_name=""),
                id="photo-viewer-title",
                class_name="viewer-title",
            ),
            # the viewer shows the display rendition; the full photo is one tap away
            rx.el.a(t("gallery.open_original"), href="#", class_name="viewer-original", data_viewer_original="",
                    target="_blank", rel="noopener", custom_attrs={"reloadDocument": True}),
            rx.el.button(rx.icon("x", size=26, aria_hidden="true"), type="button", class_name="viewer-button",
                         aria_label=t("gallery.close"), data_viewer_close=""),
            class_name="viewer-bar",
        ),
        rx.el.div(
            rx.el.img(alt="", class_name="viewer-image", data_viewer_image="", draggable=False),
            rx.el.button(rx.icon("chevron-left", size=28, aria_hidden="true"), type="button",
                         class_name="viewer-button viewer-previous", aria_label=t("gallery.previous"),
                         data_viewer_previous=""),
            rx.el.button(rx.icon("chevron-right", size=28, aria_hidden="true"), type="button",
                         class_name="viewer-button viewer-next", aria_label=t("gallery.next"),
                         data_viewer_next=""),
            class_name="viewer-stage",
            data_viewer_stage="",
        ),
        rx.el.p(t("gallery.viewer_hint"), class_name="viewer-hint"),
        id=VIEWER_ID,
        class_name="viewer",
        role="dialog",
        aria_modal="true",
        aria_label=t("gallery.viewer"),
        aria_describedby="photo-viewer-title",
    )


def object_gallery(main, photos, documents, *, on_make_main: Callable, on_delete: Callable,
                   editable=True) -> rx.Component:
    """The object's photos (main large, the others as thumbnails) and its receipts and documents; without
    `editable` (a household member who may only look) no button that changes them."""
    return rx.fragment(
        rx.cond(
            main.length() > 0,
            rx.el.div(
                _main_photo(main, on_make_main, on_delete, editable),
                rx.cond(photos.length() > 0,
                        rx.el.ul(rx.foreach(photos, _photo_tile(on_make_main, on_delete, editable)), class_name="photo-strip",
                                 aria_label=t("gallery.other_photos")),
                        rx.fragment()),
                class_name="gallery-photos",
            ),
            rx.fragment(),
        ),
        rx.cond(
            documents.length() > 0,
            rx.el.div(
                rx.el.h3(t("gallery.documents"), class_name="gallery-subtitle"),
                rx.el.ul(rx.foreach(documents, _document_row(on_delete, editable)), class_name="doc-list"),
            ),
            rx.fragment(),
        ),
        rx.cond((main.length() == 0) & (documents.length() == 0),
                rx.el.p(t("gallery.empty"), class_name="muted"), rx.fragment()),
        photo_viewer(),
    )
