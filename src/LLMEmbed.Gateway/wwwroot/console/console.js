// The tenant console: sign in with the tenant key, then the task switcher (tasks.js), labels, import,
// examples and "label next" (labelling.js), training, head versions, the active head's metrics and a
// "try it" box (classify.js), all over the JSON API (api.js). Labels, training, heads and metrics act on
// the chosen task (Tasks.current). Text from the server is only ever assigned with textContent.
"use strict";
(() => {
  const $ = id => document.getElementById(id);
  const pct = v => `${(v * 100).toFixed(1)}%`;
  let labelCount = 1; // live labels at the last refresh: "try it" asks for every label's probability
  let liveLabels = []; // live label names at the last refresh
  let headLabels = null; // the active head's labels, null before any head is active

  function cell(tr, text) {
    const td = document.createElement("td");
    td.textContent = String(text);
    tr.appendChild(td);
    return td;
  }

  function showError(target, error) {
    target.classList.add("error");
    target.textContent = error instanceof Api.ApiError ? `${error.status}: ${error.message}` : String(error);
  }

  function showText(target, text) {
    target.classList.remove("error");
    target.textContent = text;
  }

  async function signIn(key) {
    Api.session.key = key;
    if (!Api.session.tenant) throw new Error("that is not a tenant key (they look like lle_<tenant>.<secret>).");
    await Api.labels(); // proves the key before the console opens
    $("who-tenant").textContent = `tenant ${Api.session.tenant}`;
    $("who").hidden = false;
    $("sign-in").hidden = true;
    $("app").hidden = false;
    await Tasks.refresh();
    await Promise.all([refreshLabels(), refreshHeads()]);
    await Labelling.refresh();
  }

  async function refreshLabels() {
    const { labels = [] } = await Api.labels(Tasks.current);
    const live = labels.filter(l => !l.retired);
    labelCount = Math.max(1, live.length);
    liveLabels = live.map(l => l.name);
    // The examples view, "label next" and feedback label rows for the default task only.
    if (!Tasks.current) Labelling.setLabels(liveLabels);
    Svg.bars($("labels-chart"), live.map(l => ({ name: l.name, value: Number(l.examples) })), "");
    const total = live.reduce((s, l) => s + Number(l.examples), 0);
    $("labels-total").textContent = `${live.length} labels, ${total} examples`;
    $("descriptions").hidden = Boolean(Tasks.current); // DescribeLabel describes the default task's labels
    renderDescriptions(Tasks.current ? [] : live);
    renderNotInHead();
  }

  /** Labels added after the active head was trained: classify cannot answer them until a retrain. */
  function renderNotInHead() {
    const note = $("labels-not-in-head");
    const missing = headLabels === null ? [] : liveLabels.filter(l => !headLabels.includes(l));
    note.hidden = missing.length === 0;
    note.dataset.labels = JSON.stringify(missing);
    note.textContent = missing.length === 0 ? "" : `${missing.join(", ")}: not in the active head – retrain to use ${missing.length === 1 ? "it" : "them"}`;
  }

  /** One edit box per live label; saving embeds the description on the tenant (PUT .../labels/{label}/description). */
  function renderDescriptions(live) {
    const list = $("label-descriptions");
    list.replaceChildren();
    for (const l of live) {
      const form = document.createElement("form");
      form.className = "describe";
      form.dataset.label = l.name;
      const name = document.createElement("label");
      name.textContent = l.name;
      const input = document.createElement("input");
      input.type = "text";
      input.maxLength = 2000;
      input.value = l.description || "";
      input.placeholder = "What this label means, in a sentence or two";
      const save = document.createElement("button");
      save.type = "submit";
      save.className = "secondary";
      save.textContent = "Save";
      const status = document.createElement("span");
      status.className = "muted";
      form.append(name, input, save, status);
      form.addEventListener("submit", async e => {
        e.preventDefault();
        try { await Api.describe(l.name, input.value); status.textContent = input.value ? "saved" : "cleared"; }
        catch (err) { showError(status, err); }
      });
      list.appendChild(form);
    }
  }

  async function refreshHeads() {
    const { heads = [], activeVersion = 0 } = await Api.heads(Tasks.current);
    // A multi-label head's accuracy is its exact match (the share of texts whose whole label set is right).
    $("heads-accuracy").textContent = Tasks.isMulti(Tasks.current) ? "exact match" : "accuracy";
    const body = $("heads-table").tBodies[0];
    body.replaceChildren();
    const sorted = [...heads].sort((a, b) => a.version - b.version);
    for (const h of sorted) {
      const tr = document.createElement("tr");
      tr.dataset.version = h.version;
      if (h.active) tr.classList.add("active");
      const m = h.metrics || {};
      cell(tr, `v${h.version}${h.active ? " (active)" : ""}`);
      cell(tr, h.kind === "HEAD_KIND_MLP" ? "MLP" : "logreg");
      cell(tr, h.mode === "TRAIN_MODE_INCREMENTAL" ? "incremental" : "full");
      cell(tr, h.examples);
      cell(tr, pct(m.accuracy || 0)).dataset.field = "accuracy";
      cell(tr, pct(m.macroF1 || 0)).dataset.field = "macroF1";
      cell(tr, m.holdoutSize || 0);
      cell(tr, new Date(Number(h.createdUnixMs)).toLocaleString());
      const actions = cell(tr, "");
      if (!h.active) {
        const b = document.createElement("button");
        b.type = "button";
        b.className = "secondary";
        b.textContent = "Promote";
        b.dataset.testid = `promote-${h.version}`;
        b.addEventListener("click", () => act(() => Api.promote(h.version, Tasks.current), `v${h.version} is active`));
        actions.appendChild(b);
      }
      body.appendChild(tr);
    }
    Svg.versions($("heads-chart"), sorted.map(h => ({
      version: h.version, accuracy: (h.metrics || {}).accuracy || 0, macroF1: (h.metrics || {}).macroF1 || 0,
    })));
    const active = heads.find(h => h.version === activeVersion);
    const metrics = active && active.metrics;
    headLabels = active ? (metrics && metrics.labels) || [] : null;
    renderNotInHead();
    Metrics.render(metrics, Tasks.isMulti(Tasks.current));
    $("rollback").disabled = heads.length < 2;
  }

  async function act(run, done) {
    try {
      await run();
      showText($("heads-status"), done);
      await Promise.all([refreshHeads(), Tasks.refresh()]);
    } catch (e) { showError($("heads-status"), e); }
  }

  async function train(mode) {
    const status = $("train-status"), progress = $("train-progress");
    for (const b of [$("train-full"), $("train-incremental")]) b.disabled = true;
    try {
      const { jobId } = await Api.train(mode, $("train-head").value, $("train-force").checked, Tasks.current);
      showText(status, `job ${jobId} queued`);
      const cancel = $("train-cancel");
      cancel.disabled = false;
      cancel.onclick = () => { cancel.disabled = true; Api.cancelJob(jobId).catch(e => showError(status, e)); };
      for (;;) {
        const job = await Api.job(jobId);
        progress.value = job.progress || 0;
        const state = (job.state || "").replace("JOB_STATE_", "").toLowerCase();
        showText(status, `job ${jobId}: ${state}${job.message ? ` \u2013 ${job.message}` : ""}`);
        if (job.state === "JOB_STATE_SUCCEEDED" || job.state === "JOB_STATE_FAILED" || job.state === "JOB_STATE_CANCELLED") {
          if (job.state === "JOB_STATE_SUCCEEDED") {
            const m = job.metrics || {};
            const score = Tasks.isMulti(job.task) ? `micro-F1 ${pct(m.microF1 || 0)}, exact match ${pct(m.exactMatch || 0)}` : `accuracy ${pct(m.accuracy || 0)}`;
            showText(status, `job ${jobId}: succeeded \u2013 v${job.headVersion}, ${score}, macro-F1 ${pct(m.macroF1 || 0)}${job.promoted ? ", promoted" : ", not promoted"}`);
          } else {
            status.classList.add("error");
          }
          break;
        }
        await new Promise(r => setTimeout(r, 500));
      }
      await Promise.all([refreshHeads(), Tasks.refresh()]);
    } catch (e) { showError(status, e); }
    finally {
      for (const b of [$("train-full"), $("train-incremental")]) b.disabled = false;
      $("train-cancel").disabled = true;
    }
  }

  /**
   * The import id of a chosen file: its name and the import options (the page cannot hash a file's content
   * outside a secure context). Uploading a file of that name again is refused unless resumed, so a lost or
   * failed upload - or a file whose bad row was fixed - continues after its committed rows instead of storing
   * them twice; "again" adds the time, for a new file under an old name.
   */
  function importIdOf(file, options, again) {
    const key = `${file.name}\n${options}`;
    let h1 = 0x811c9dc5, h2 = 0x01000193; // two FNV-style lanes: 64 bits, plenty for one tenant's file names
    for (let i = 0; i < key.length; i++) {
      h1 = Math.imul(h1 ^ key.charCodeAt(i), 0x01000193) >>> 0;
      h2 = Math.imul(h2 ^ key.charCodeAt(i), 0x5bd1e995) >>> 0;
    }
    const id = `console:${h1.toString(16).padStart(8, "0")}${h2.toString(16).padStart(8, "0")}`;
    return again ? `${id}:${Date.now()}` : id;
  }

  async function importFile(event, mode) {
    if (event) event.preventDefault();
    const file = $("import-file").files[0];
    if (!file) return;
    const truncate = $("import-truncate").checked, unlabelled = $("import-unlabelled").checked;
    const importId = importIdOf(file, `${truncate},${unlabelled}`, mode === "again");
    const progress = $("import-progress"), result = $("import-result");
    for (const b of [$("import-resume"), $("import-again")]) b.hidden = true;
    progress.value = 0;
    showText(result, `${mode === "resume" ? "resuming" : "importing"} ${file.name}\u2026`);
    try {
      const r = await Api.importFile(file, truncate, f => { progress.value = f; }, unlabelled, importId, mode === "resume");
      progress.value = 1;
      const skipped = r.skipped ? `, ${r.skipped} committed before were skipped` : "";
      showText(result, `imported ${r.accepted} rows (${r.truncated} cut${skipped}); the tenant has ${r.totalExamples} examples`);
    } catch (e) {
      const row = e.headers && e.headers.get("llmembed-import-row");
      const committed = Number((e.headers && e.headers.get("llmembed-import-committed")) || 0);
      showError(result, e);
      if (row) result.textContent = `first bad row: ${row} (${committed} rows before it committed) \u2013 ${e.message}`;
      else if (committed > 0) result.textContent = `stopped after ${committed} committed rows \u2013 ${e.message}`;
      // Committed rows (or a lost connection, which may have committed some) are resumed, never sent twice.
      const before = e.status === 400 && /imported before/.test(e.message);
      $("import-resume").hidden = !(committed > 0 || e.status === 0 || e.status >= 500 || before);
      $("import-again").hidden = !before;
    }
    await Promise.all([refreshLabels(), Labelling.refresh(), Tasks.refresh()]);
  }

  async function addLabel(event) {
    event.preventDefault();
    const status = $("add-label-status");
    try {
      await Api.addLabel($("add-label-name").value.trim(), Tasks.current);
      showText(status, `added ${$("add-label-name").value.trim()}`);
      $("add-label-name").value = "";
      await Promise.all([refreshLabels(), Tasks.refresh()]);
    } catch (e) { showError(status, e); }
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("sign-in-form").addEventListener("submit", async e => {
      e.preventDefault();
      try { await signIn($("key").value.trim()); $("key").value = ""; }
      catch (err) { Api.session.key = null; showError($("sign-in-error"), err); }
    });
    $("sign-out").addEventListener("click", () => { Api.session.key = null; location.reload(); });
    $("import-form").addEventListener("submit", e => importFile(e, "new"));
    $("import-resume").addEventListener("click", () => importFile(null, "resume"));
    $("import-again").addEventListener("click", () => importFile(null, "again"));
    $("train-full").addEventListener("click", () => train("TRAIN_MODE_FULL"));
    $("train-incremental").addEventListener("click", () => train("TRAIN_MODE_INCREMENTAL"));
    $("rollback").addEventListener("click", () => act(() => Api.rollback(Tasks.current), "rolled back"));
    $("add-label-form").addEventListener("submit", addLabel);
    Classify.init(() => labelCount, () => Promise.all([refreshLabels(), Labelling.refresh()]));
    Tasks.init(() => Promise.all([refreshLabels(), refreshHeads()]));
    Labelling.init(refreshLabels);
    if (Api.session.key) signIn(Api.session.key).catch(err => { Api.session.key = null; showError($("sign-in-error"), err); });
  });
})();
