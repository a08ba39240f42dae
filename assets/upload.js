// Sends files chosen in <input type="file" data-upload-url="…"> to our own upload route (the session
// cookie goes with it). Each file gets a row in the list named by data-progress: its name, a progress
// bar and the server's answer; a failed file gets "Try again", which sends only that file again.
// The answers are also written together into the element named by data-status, then the button
// named by data-refresh is clicked so the page reloads its list. Nothing else on the page is
// touched, so a rejected file loses nothing the user typed.
//
// A capture input (data-capture="1") makes a new object from its photos: the first photo that is
// accepted starts a nameless object (the answer names it), the others join it. When every photo is
// saved, the object id goes into the form named by data-done-form, whose submit opens the object.
(function () {
  "use strict";

  function withParam(url, name, value) {
    return url + (url.includes("?") ? "&" : "?") + name + "=" + encodeURIComponent(value);
  }

  function targetUrl(input, job) {
    if (input.dataset.capture === "1") {
      return job.batch.itemId ? withParam(input.dataset.uploadUrl, "item", job.batch.itemId) : input.dataset.uploadUrl;
    }
    let url = input.dataset.uploadUrl;
    const kindSelect = input.dataset.kindSelect && document.getElementById(input.dataset.kindSelect);
    if (kindSelect) url = withParam(url, "kind", kindSelect.value);
    return url;
  }

  // One file over XMLHttpRequest (fetch cannot report upload progress); resolves with the answer.
  function post(url, file, onProgress) {
    return new Promise((resolve) => {
      const request = new XMLHttpRequest();
      request.open("POST", url);
      request.withCredentials = true;
      request.setRequestHeader("X-CleverStore-Upload", "1");
      request.setRequestHeader("X-File-Name", encodeURIComponent(file.name));
      request.setRequestHeader("Content-Type", file.type || "application/octet-stream");
      request.upload.onprogress = (event) => { if (event.lengthComputable) onProgress(event.loaded / event.total); };
      request.onload = () => {
        let body = null;
        try { body = JSON.parse(request.responseText); } catch (error) { body = null; }
        resolve({ status: request.status, body: body });
      };
      request.onerror = () => resolve({ status: 0, body: null });
      request.send(file);
    });
  }

  function makeRow(list, input, job) {
    const row = document.createElement("li");
    row.className = "upload-item";
    const name = document.createElement("span");
    name.className = "upload-item-name";
    name.textContent = job.file.name;
    name.title = job.file.name;
    const bar = document.createElement("progress");
    bar.className = "upload-item-bar";
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute("aria-label", job.file.name);
    const result = document.createElement("p");
    result.className = "upload-item-result";
    result.setAttribute("aria-live", "polite");
    result.textContent = input.dataset.waiting || "";
    row.append(name, bar, result);
    list.append(row);
    job.row = row;
    job.bar = bar;
    job.result = result;
  }

  function showResult(input, job) {
    if (!job.row) return;
    job.result.textContent = job.message;
    job.result.className = "upload-item-result " + (job.ok ? "upload-ok" : "field-error");
    job.row.classList.toggle("upload-item-failed", !job.ok);
    job.bar.value = job.ok ? 100 : job.bar.value;
    const existing = job.row.querySelector("button.upload-retry");
    if (existing) existing.remove();
    if (!job.ok) {
      const retry = document.createElement("button");
      retry.type = "button";
      retry.className = "button upload-retry";
      retry.textContent = input.dataset.retry || "Retry";
      retry.setAttribute("aria-label", (input.dataset.retry || "Retry") + ": " + job.file.name);
      retry.addEventListener("click", () => retryJob(input, job));
      job.row.append(retry);
    }
  }

  async function send(input, job) {
    const limit = Number(input.dataset.maxBytes || 0);
    if (limit && job.file.size > limit) {
      job.ok = false;
      job.message = (input.dataset.tooBig || "").replace("{file}", job.file.name);
      showResult(input, job);
      return;
    }
    job.result && (job.result.textContent = input.dataset.busy || "…");
    const answer = await post(targetUrl(input, job), job.file, (part) => { if (job.bar) job.bar.value = Math.round(part * 100); });
    const body = answer.body || {};
    job.ok = answer.status === 200 && body.ok === true;
    job.message = body.message || input.dataset.failed || "Upload failed";
    job.status = body.file ? body.file + ": " + job.message : job.message;
    if (job.ok && input.dataset.capture === "1" && body.item && !job.batch.itemId) job.batch.itemId = String(body.item);
    showResult(input, job);
  }

  function summarise(input, batch) {
    const status = input.dataset.status && document.getElementById(input.dataset.status);
    const failed = batch.jobs.some((job) => !job.ok);
    if (status) {
      // each row already says what happened to its file; a capture's status line only counts them
      const saved = batch.jobs.filter((job) => job.ok).length;
      status.textContent = input.dataset.summary
        ? input.dataset.summary.replace("{saved}", saved).replace("{total}", batch.jobs.length)
        : batch.jobs.map((job) => job.status || job.message).join(" ");
      status.className = failed ? "upload-status field-error" : "upload-status upload-ok";
    }
    if (input.dataset.capture === "1") {
      finishCapture(input, batch, failed);
      return;
    }
    const refresh = input.dataset.refresh && document.getElementById(input.dataset.refresh);
    if (refresh) refresh.click();
  }

  // Every photo saved: open the object. Some refused: stay, show what happened and a link to the object.
  function finishCapture(input, batch, failed) {
    const list = input.dataset.progress && document.getElementById(input.dataset.progress);
    if (!batch.itemId) return;
    if (!failed) {
      const form = input.dataset.doneForm && document.getElementById(input.dataset.doneForm);
      const field = form && form.querySelector("input[name=item]");
      if (field) {
        const status = input.dataset.status && document.getElementById(input.dataset.status);
        if (status && input.dataset.opening) status.textContent = input.dataset.opening;
        field.value = batch.itemId;
        form.requestSubmit();
        return;
      }
    }
    if (list && !list.parentElement.querySelector("a.upload-open-object")) {
      const link = document.createElement("a");
      link.className = "button upload-open-object";
      link.href = "/object?id=" + encodeURIComponent(batch.itemId);
      link.textContent = input.dataset.openObject || "Open";
      list.after(link);
    }
  }

  async function retryJob(input, job) {
    job.row.querySelector("button.upload-retry")?.remove();
    await send(input, job);
    summarise(input, job.batch);
  }

  document.addEventListener("change", async (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== "file" || !input.dataset.uploadUrl) return;
    const files = Array.from(input.files || []);
    if (!files.length) return;
    const status = document.getElementById(input.dataset.status);
    if (status) { status.textContent = input.dataset.busy || "…"; status.className = "upload-status"; }
    const list = input.dataset.progress && document.getElementById(input.dataset.progress);
    if (list) {
      list.replaceChildren();
      list.parentElement.querySelector("a.upload-open-object")?.remove();
      list.hidden = false;
    }
    const batch = { itemId: "", jobs: [] };
    batch.jobs = files.map((file) => ({ file: file, batch: batch, ok: false, message: "" }));
    if (list) batch.jobs.forEach((job) => makeRow(list, input, job));
    input.value = "";
    if (input.dataset.capture === "1") {
      // the first accepted photo makes the object; the rest then go two at a time
      let next = 0;
      while (next < batch.jobs.length && !batch.itemId) await send(input, batch.jobs[next++]);
      const rest = batch.jobs.slice(next);
      const worker = async () => { while (rest.length) await send(input, rest.shift()); };
      await Promise.all([worker(), worker()]);
    } else {
      for (const job of batch.jobs) await send(input, job);
    }
    summarise(input, batch);
  });
})();
