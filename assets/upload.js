// Sends files chosen in <input type="file" data-upload-url="…"> to our own upload route
// (the session cookie goes with it), writes the server's message into the element named by
// data-status, then clicks the button named by data-refresh so the page reloads its list.
// Nothing else on the page is touched, so a rejected file loses nothing the user typed.
(function () {
  "use strict";
  async function send(input, file) {
    let url = input.dataset.uploadUrl;
    const kindSelect = input.dataset.kindSelect && document.getElementById(input.dataset.kindSelect);
    if (kindSelect) url += (url.includes("?") ? "&" : "?") + "kind=" + encodeURIComponent(kindSelect.value);
    const limit = Number(input.dataset.maxBytes || 0);
    if (limit && file.size > limit) return { ok: false, message: (input.dataset.tooBig || "").replace("{file}", file.name) };
    try {
      const response = await fetch(url, {
        method: "POST", body: file, credentials: "same-origin",
        headers: { "X-CleverStore-Upload": "1", "X-File-Name": encodeURIComponent(file.name),
                   "Content-Type": file.type || "application/octet-stream" },
      });
      const body = await response.json();
      return { ok: response.ok, message: body.file ? body.file + ": " + body.message : body.message };
    } catch (error) {
      return { ok: false, message: input.dataset.failed || "Upload failed" };
    }
  }
  document.addEventListener("change", async (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== "file" || !input.dataset.uploadUrl) return;
    const status = document.getElementById(input.dataset.status);
    const files = Array.from(input.files || []);
    if (!files.length) return;
    if (status) { status.textContent = input.dataset.busy || "…"; status.className = "upload-status"; }
    const messages = [];
    let failed = false;
    for (const file of files) {
      const result = await send(input, file);
      failed = failed || !result.ok;
      messages.push(result.message);
    }
    input.value = "";
    if (status) {
      status.textContent = messages.join(" ");
      status.className = failed ? "upload-status field-error" : "upload-status upload-ok";
    }
    const refresh = input.dataset.refresh && document.getElementById(input.dataset.refresh);
    if (refresh) refresh.click();
  });
})();
