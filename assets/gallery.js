// The object page's photo viewer. A click on any [data-gallery-photo] link opens the photo (its display
// rendition, with a link to the original) in the
// <dialog id="photo-viewer"> instead of leaving the page; swipes, the arrow keys and the buttons move
// between the photos, Esc and the close button close it, and the focus goes back to the photo that
// opened it. Everything listens on the document and reads the photos from the page each time, so a list
// that Reflex draws again keeps working. Without this file the links still open the full image.
(function () {
  "use strict";
  var SWIPE_PX = 40;
  var openerId = "";
  var index = 0;
  var start = null;
  var lastSwipe = 0;

  function viewer() { return document.getElementById("photo-viewer"); }
  function photos() { return Array.prototype.slice.call(document.querySelectorAll("a[data-gallery-photo]")); }
  function isOpen() { var d = viewer(); return !!(d && d.open); }

  function show(wanted) {
    var d = viewer();
    var list = photos();
    if (!d || !list.length) return;
    index = ((wanted % list.length) + list.length) % list.length;
    var link = list[index];
    var name = link.getAttribute("data-name") || "";
    var image = d.querySelector("[data-viewer-image]");
    // the display rendition from our own owner-only route; the full image through "open the original"
    image.src = link.getAttribute("data-display") || link.getAttribute("href");
    var original = d.querySelector("[data-viewer-original]");
    if (original) original.setAttribute("href", link.getAttribute("href"));
    image.alt = name;
    d.querySelector("[data-viewer-position]").textContent = (index + 1) + " / " + list.length;
    var label = d.querySelector("[data-viewer-name]");
    label.textContent = name;
    label.title = name;
    var single = list.length < 2;
    d.querySelector("[data-viewer-previous]").hidden = single;
    d.querySelector("[data-viewer-next]").hidden = single;
  }

  function open(link) {
    var d = viewer();
    if (!d || typeof d.showModal !== "function") return false;
    openerId = link.getAttribute("data-file-id") || "";
    show(photos().indexOf(link));
    if (!d.open) d.showModal();
    d.querySelector("[data-viewer-close]").focus();
    return true;
  }

  function close() {
    var d = viewer();
    if (d && d.open) d.close();
  }

  // the photo that opened the viewer, found again by its file id if the list was drawn anew meanwhile
  function returnFocus() {
    var back = openerId && document.querySelector('a[data-gallery-photo][data-file-id="' + openerId + '"]');
    if (back) back.focus();
  }

  function focusables(d) {
    return Array.prototype.slice.call(d.querySelectorAll("button, [href], [tabindex]:not([tabindex='-1'])"))
      .filter(function (el) { return !el.hidden && !el.disabled && el.getClientRects().length > 0; });
  }

  function trapTab(event, d) {
    var items = focusables(d);
    if (!items.length) { event.preventDefault(); return; }
    var first = items[0];
    var last = items[items.length - 1];
    var inside = d.contains(document.activeElement);
    if (event.shiftKey && (!inside || document.activeElement === first)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (!inside || document.activeElement === last)) {
      event.preventDefault();
      first.focus();
    }
  }

  // capture phase: before the router's own link handling, so the page stays where it is
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    var link = target.closest("a[data-gallery-photo]");
    if (link) {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      if (open(link)) { event.preventDefault(); event.stopPropagation(); }
      return;
    }
    var d = viewer();
    if (!d || !d.open || !d.contains(target)) return;
    if (target.closest("[data-viewer-close]")) close();
    else if (Date.now() - lastSwipe < 400) return;  // the end of a swipe that began on an arrow is no press
    else if (target.closest("[data-viewer-previous]")) show(index - 1);
    else if (target.closest("[data-viewer-next]")) show(index + 1);
    else if (target === d) close();  // a click on the backdrop
  }, true);

  document.addEventListener("keydown", function (event) {
    var d = viewer();
    if (!d || !d.open) return;
    if (event.key === "ArrowLeft") { event.preventDefault(); show(index - 1); }
    else if (event.key === "ArrowRight") { event.preventDefault(); show(index + 1); }
    else if (event.key === "Escape") { event.preventDefault(); close(); }
    else if (event.key === "Tab") trapTab(event, d);
  });

  // the dialog's close event does not bubble: listen in the capture phase. It comes a moment after the
  // dialog closed, so the focus is only given back when it is still lost (on the page itself or in the
  // closed dialog), never taken from a photo the person has moved on to meanwhile
  document.addEventListener("close", function (event) {
    var d = viewer();
    if (event.target === d) {
      var image = d.querySelector("[data-viewer-image]");
      if (image) image.removeAttribute("src");
      var active = document.activeElement;
      if (!active || active === document.body || d.contains(active)) returnFocus();
    }
  }, true);

  // swipes: pointer events where the browser has them (phones included), touch events otherwise; a thumb
  // often starts a swipe on the arrow buttons at the edges, so those count too
  function begin(x, y, target) {
    start = isOpen() && target instanceof Element && target.closest("[data-viewer-stage]") ? { x: x, y: y } : null;
  }
  function end(x, y) {
    if (!start) return;
    var dx = x - start.x;
    var dy = y - start.y;
    start = null;
    if (Math.abs(dx) >= SWIPE_PX && Math.abs(dx) > Math.abs(dy)) {
      lastSwipe = Date.now();
      show(dx < 0 ? index + 1 : index - 1);
    }
  }
  if (window.PointerEvent) {
    document.addEventListener("pointerdown", function (e) { if (e.isPrimary) begin(e.clientX, e.clientY, e.target); });
    document.addEventListener("pointerup", function (e) { if (e.isPrimary) end(e.clientX, e.clientY); });
    document.addEventListener("pointercancel", function () { start = null; });
  } else {
    document.addEventListener("touchstart", function (e) {
      if (e.touches.length === 1) begin(e.touches[0].clientX, e.touches[0].clientY, e.target);
    }, { passive: true });
    document.addEventListener("touchend", function (e) {
      var touch = e.changedTouches[0];
      if (touch) end(touch.clientX, touch.clientY);
    });
  }
})();
