"""What every page loads before it can paint: no Radix Themes, our own stylesheets only, deferred scripts.

Radix Themes' stylesheet (about 700 KB, mostly unused) blocks the first paint of every page on a phone;
a single Radix Themes component (rx.button, rx.text, rx.dialog …) anywhere switches it on again for all.
"""
from __future__ import annotations

import json
from pathlib import Path

import reflex as rx
from reflex_components_radix.themes.base import RadixThemesComponent

import rxconfig
from cleverstore import pages  # noqa: F401  (every page registers itself)
from cleverstore.pages.registry import PAGES

ROOT = Path(__file__).resolve().parents[2]


def _components(component):
    yield component
    for child in getattr(component, "children", []):
        yield from _components(child)
    getter = getattr(component, "_get_components_in_props", None)
    for prop in getter() if getter else ():
        yield from _components(prop)


def test_no_page_uses_a_radix_themes_component():
    found = {(spec.route, type(part).__name__) for spec in PAGES for part in _components(spec.component())
             if isinstance(part, RadixThemesComponent)}
    assert found == set(), "Radix Themes components (use rx.el elements and styles.css): " + repr(sorted(found))


def test_radix_themes_is_not_configured():
    assert not any(isinstance(plugin, rx.plugins.RadixThemesPlugin) for plugin in rxconfig.config.plugins)


def test_our_head_scripts_are_deferred_and_the_app_is_installable():
    from cleverstore.cleverstore import app

    rendered = json.dumps([part.render() for part in app.head_components])
    for script in ("/upload.js", "/gallery.js", "/frame.js"):
        assert f'src:\\"{script}\\"' in rendered
    assert rendered.count("defer:true") >= 3
    assert '\\"manifest\\"' in rendered and '\\"apple-touch-icon\\"' in rendered and "theme-color" in rendered
    manifest = json.loads((ROOT / "assets" / "manifest.webmanifest").read_text())
    assert manifest["start_url"] == "/register" and manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#0b6e69" and manifest["lang"] == "sv"
    icons = {(icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= icons
    for icon in manifest["icons"]:
        assert (ROOT / "assets" / icon["src"].lstrip("/")).is_file()
