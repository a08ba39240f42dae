"""Checks that a page fits a phone, run in the browser: no sideways scroll, touch targets of 44 × 44 px,
no word broken inside itself, and axe-core without serious or critical violations.

Each check returns a list of readable problems (empty = fine), so a failing test names the route,
the width and the elements to fix.
"""
from __future__ import annotations

from pathlib import Path

from cleverstore.config import PROJECT_ROOT

AXE_JS = PROJECT_ROOT / ".tools" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
TOUCH_MIN = 44

# Text that may break anywhere: addresses, e-mail addresses and codes (they have no spaces to wrap on).
BREAKABLE = 'a[href^="http"], a[href^="mailto:"], code, kbd, samp, .secret, .breakable, [data-breakable]'

_DESCRIBE = """
(el) => {
  const id = el.id ? '#' + el.id : '';
  const cls = typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
  const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
  return el.tagName.toLowerCase() + id + cls + (text ? ' "' + text + '"' : '');
}
"""

_OVERFLOW = """
() => {
  const describe = %s;
  const width = window.innerWidth;
  const scroll = document.documentElement.scrollWidth;
  if (scroll <= width) return [];
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > width + 1) {
      // the outermost offenders only: skip an element whose parent sticks out as well
      const pr = el.parentElement && el.parentElement.getBoundingClientRect();
      if (pr && pr.right > width + 1 && el.parentElement !== document.body) continue;
      wide.push(describe(el) + ' right=' + Math.round(r.right));
    }
  }
  return ['page is ' + scroll + ' px wide in a ' + width + ' px window; wider: ' + wide.slice(0, 8).join('; ')];
}
""" % _DESCRIBE

_TARGETS = """
(min) => {
  const describe = %s;
  const selector = 'a[href], button, select, input[type=checkbox], input[type=radio], summary';
  const scopes = document.querySelectorAll('main, header, .tab-bar, nav');
  const seen = new Set();
  const small = [];
  const blockish = 'p, li, dd, dt, td, th, figcaption, label, h1, h2, h3, h4, blockquote, pre, .mail-body';
  for (const scope of scopes) {
    for (const el of scope.querySelectorAll(selector)) {
      if (seen.has(el)) continue;
      seen.add(el);
      if (!el.checkVisibility({visibilityProperty: true, opacityProperty: false})) continue;
      if (el.closest('.sr-only')) continue;
      let r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (el.tagName === 'A') {
        // WCAG 2.5.8's inline exception: a link inside a sentence of running text
        const block = el.parentElement && el.parentElement.closest(blockish);
        if (block) {
          const own = (el.textContent || '').trim().length;
          const all = (block.textContent || '').trim().length;
          if (all > own + 2 && getComputedStyle(el).display === 'inline') continue;
        }
      }
      if (el.tagName === 'INPUT' && el.labels && el.labels.length) {
        // a checkbox's or radio's target includes its label (a click on it toggles the box)
        let left = r.left, top = r.top, right = r.right, bottom = r.bottom;
        for (const label of el.labels) {
          const lr = label.getBoundingClientRect();
          left = Math.min(left, lr.left); top = Math.min(top, lr.top);
          right = Math.max(right, lr.right); bottom = Math.max(bottom, lr.bottom);
        }
        r = {width: right - left, height: bottom - top};
      }
      if (r.width + 0.5 < min || r.height + 0.5 < min) {
        small.push(describe(el) + ' ' + Math.round(r.width) + '×' + Math.round(r.height));
      }
    }
  }
  return small;
}
""" % _DESCRIBE

_BROKEN_WORDS = """
(breakable) => {
  const describe = %s;
  const broken = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let node;
  while ((node = walker.nextNode())) {
    const parent = node.parentElement;
    if (!parent || parent.closest('script, style, noscript, .sr-only, ' + breakable)) continue;
    if (!node.textContent.trim()) continue;
    if (!parent.checkVisibility()) continue;
    const pattern = /[^\\s\\/\\-\\u2010\\u2013\\u2014]+/g;
    let match;
    while ((match = pattern.exec(node.textContent))) {
      if (match[0].length < 2 || /@|:\\/\\//.test(match[0])) continue;  // e-mail addresses and URLs may break
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0.5);
      if (rects.length < 2) continue;
      const tops = rects.map((r) => r.top);
      if (Math.max(...tops) - Math.min(...tops) > 2) {
        broken.push('"' + match[0].slice(0, 40) + '" in ' + describe(parent));
        if (broken.length >= 10) return broken;
      }
    }
  }
  return broken;
}
""" % _DESCRIBE


def overflow(page) -> list[str]:
    return page.evaluate(_OVERFLOW)


def small_targets(page) -> list[str]:
    return page.evaluate(_TARGETS, TOUCH_MIN)


def broken_words(page) -> list[str]:
    return page.evaluate(_BROKEN_WORDS, BREAKABLE)


def axe_problems(page) -> list[str]:
    """Serious and critical axe-core violations; the page's context must be made with bypass_csp=True."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    found = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations']});
        return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(', '));
    }""")
    return found


def axe_available() -> Path | None:
    return AXE_JS if AXE_JS.exists() else None
