// The frame's disclosures (the phone menu, "Konto" and the admin's "Mer"): a button with
// data-disclosure="<panel id>" shows or hides that panel. Plain script with delegated listeners,
// so the menu works before the page's websocket connects and after every client-side page change.
// Esc, a click outside and a followed link close it; aria-expanded always says what is shown.
(function () {
  "use strict";
  function panelOf(button) { return document.getElementById(button.dataset.disclosure); }
  function setOpen(button, open) {
    const panel = panelOf(button);
    if (!panel) return;
    button.setAttribute("aria-expanded", open ? "true" : "false");
    panel.setAttribute("data-open", open ? "true" : "false");
  }
  function openButtons() {
    return Array.from(document.querySelectorAll('[data-disclosure][aria-expanded="true"]'));
  }
  function closeAll(except) {
    openButtons().forEach((button) => { if (button !== except) setOpen(button, false); });
  }
  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const button = target.closest("[data-disclosure]");
    if (button) {
      closeAll(button);
      setOpen(button, button.getAttribute("aria-expanded") !== "true");
      return;
    }
    const link = target.closest("a[href]");
    openButtons().forEach((open) => {
      const panel = panelOf(open);
      if (link || !panel || !panel.contains(target)) setOpen(open, false);
    });
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const open = openButtons();
    if (!open.length) return;
    open.forEach((button) => setOpen(button, false));
    const focused = document.activeElement;
    const owner = open.find((button) => { const panel = panelOf(button); return panel && panel.contains(focused); });
    if (owner) owner.focus();
  });
})();
