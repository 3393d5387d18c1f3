// The tenant console: sign in with the tenant key, then labels, import, examples and "label next"
// (labelling.js), training, head versions, the active head's confusion matrix and a "try it" box
// with feedback, all over the JSON API (api.js). Text from the server is only ever assigned with textContent.
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
    await Promise.all([refreshLabels(), refreshHeads()]);
    await Labelling.refresh();
  }

  async function refreshLabels() {
    const { labels = [] } = await Api.labels();
    const live = labels.filter(l => !l.retired);
    labelCount = Math.max(1, live.length);
    liveLabels = live.map(l => l.name);
    Labelling.setLabels(liveLabels);
    Svg.bars($("labels-chart"), live.map(l => ({ name: l.name, value: Number(l.examples) })), "");
    const total = live.reduce((s, l) => s + Number(l.examples), 0);
    $("labels-total").textContent = `${live.length} labels, ${total} examples`;
    renderDescriptions(live);
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
    const { heads = [], activeVersion = 0 } = await Api.heads();
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
        b.addEventListener("click", () => act(() => Api.promote(h.version), `v${h.version} is active`));
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
    Svg.heatmap($("confusion"), metrics ? metrics.labels || [] : [], metrics ? (metrics.confusion || []).map(Number) : []);
    $("rollback").disabled = heads.length < 2;
  }

  async function act(run, done) {
    try {
      await run();
      showText($("heads-status"), done);
      await refreshHeads();
    } catch (e) { showError($("heads-status"), e); }
  }

  async function train(mode) {
    const status = $("train-status"), progress = $("train-progress");
    for (const b of [$("train-full"), $("train-incremental")]) b.disabled = true;
    try {
      const { jobId } = await Api.train(mode, $("train-head").value, $("train-force").checked);
      showText(status, `job ${jobId} queued`);
      for (;;) {
        const job = await Api.job(jobId);
        progress.value = job.progress || 0;
        const state = (job.state || "").replace("JOB_STATE_", "").toLowerCase();
        showText(status, `job ${jobId}: ${state}${job.message ? ` \u2013 ${job.message}` : ""}`);
        if (job.state === "JOB_STATE_SUCCEEDED" || job.state === "JOB_STATE_FAILED") {
          if (job.state === "JOB_STATE_SUCCEEDED") {
            const m = job.metrics || {};
            showText(status, `job ${jobId}: succeeded \u2013 v${job.headVersion}, accuracy ${pct(m.accuracy || 0)}, macro-F1 ${pct(m.macroF1 || 0)}${job.promoted ? ", promoted" : ", not promoted"}`);
          } else {
            status.classList.add("error");
          }
          break;
        }
        await new Promise(r => setTimeout(r, 500));
      }
      await refreshHeads();
    } catch (e) { showError(status, e); }
    finally { for (const b of [$("train-full"), $("train-incremental")]) b.disabled = false; }
  }

  async function importFile(event) {
    event.preventDefault();
    const file = $("import-file").files[0];
    if (!file) return;
    const progress = $("import-progress"), result = $("import-result");
    progress.value = 0;
    showText(result, `importing ${file.name}\u2026`);
    try {
      const r = await Api.importFile(file, $("import-truncate").checked, f => { progress.value = f; }, $("import-unlabelled").checked);
      progress.value = 1;
      showText(result, `imported ${r.accepted} rows (${r.truncated} cut); the tenant has ${r.totalExamples} examples`);
    } catch (e) {
      const row = e.headers && e.headers.get("llmembed-import-row");
      const committed = e.headers && e.headers.get("llmembed-import-committed");
      showError(result, e);
      if (row) result.textContent = `first bad row: ${row} (${committed} rows before it committed) \u2013 ${e.message}`;
    }
    await Promise.all([refreshLabels(), Labelling.refresh()]);
  }

  async function classify(event) {
    event.preventDefault();
    const out = $("try-result");
    try {
      const { results } = await Api.classify($("try-text").value, labelCount);
      const r = results[0];
      out.replaceChildren();
      const predicted = document.createElement("div");
      predicted.className = "predicted";
      predicted.dataset.testid = "predicted";
      predicted.dataset.abstained = String(Boolean(r.abstained));
      if (r.abstained) predicted.classList.add("abstained");
      predicted.textContent = r.abstained ? "none (out of scope)" : r.label;
      out.appendChild(predicted);
      const source = document.createElement("div");
      source.className = "muted";
      source.dataset.testid = "source";
      source.textContent = r.source === "zero_shot" ? "zero-shot (label descriptions)" : `head v${r.headVersion}`;
      out.appendChild(source);
      const scope = document.createElement("div");
      scope.className = "muted";
      scope.dataset.testid = "scope-score";
      scope.dataset.value = Number(r.scopeScore || 0).toFixed(4);
      scope.textContent = `scope score ${Number(r.scopeScore || 0).toFixed(3)} (likeness to what the tenant trained on)`;
      out.appendChild(scope);
      const notInHead = r.labelsNotInHead || [];
      if (notInHead.length > 0) {
        const note = document.createElement("div");
        note.className = "warn";
        note.dataset.testid = "classify-not-in-head";
        note.textContent = `${notInHead.join(", ")}: not in the active head – retrain to use ${notInHead.length === 1 ? "it" : "them"}`;
        out.appendChild(note);
      }
      for (const p of r.probabilities) {
        const row = document.createElement("div");
        row.className = "prob";
        row.dataset.label = p.label;
        const name = document.createElement("span");
        name.className = "name";
        name.textContent = p.label;
        const track = document.createElement("div");
        track.className = "track";
        const fill = document.createElement("div");
        fill.className = "fill";
        fill.style.width = `${(p.probability * 100).toFixed(1)}%`;
        track.appendChild(fill);
        const value = document.createElement("span");
        value.textContent = pct(p.probability);
        row.append(name, track, value);
        out.appendChild(row);
      }
      if (r.predictionId) out.appendChild(correction(r.predictionId));
    } catch (e) { showError(out, e); }
  }

  /** "Correct it": the right label, or out of scope, sent as feedback on this prediction id (stored as one example). */
  function correction(predictionId) {
    const form = document.createElement("div");
    form.className = "correct";
    form.dataset.testid = "correct";
    const title = document.createElement("span");
    title.textContent = "Correct it:";
    const choose = Labelling.picker("");
    const send = document.createElement("button");
    send.type = "button";
    send.className = "secondary";
    send.dataset.testid = "feedback-label";
    send.textContent = "Use this label";
    const none = document.createElement("button");
    none.type = "button";
    none.className = "secondary";
    none.dataset.testid = "feedback-out-of-scope";
    none.textContent = "Out of scope";
    const status = document.createElement("span");
    status.className = "muted";
    status.dataset.testid = "feedback-status";
    const give = async run => {
      try {
        const f = await run();
        showText(status, f.repeated ? `already given: example ${f.exampleId} (nothing stored again)`
          : `stored as example ${f.exampleId}${f.outOfScope ? " (out of scope)" : ` labelled ${f.label}`}`);
        await Promise.all([refreshLabels(), Labelling.refresh()]);
      } catch (e) { showError(status, e); }
    };
    send.addEventListener("click", () => give(() => Api.feedback(predictionId, choose.value)));
    none.addEventListener("click", () => give(() => Api.outOfScope(predictionId)));
    form.append(title, choose, send, none, status);
    return form;
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("sign-in-form").addEventListener("submit", async e => {
      e.preventDefault();
      try { await signIn($("key").value.trim()); $("key").value = ""; }
      catch (err) { Api.session.key = null; showError($("sign-in-error"), err); }
    });
    $("sign-out").addEventListener("click", () => { Api.session.key = null; location.reload(); });
    $("import-form").addEventListener("submit", importFile);
    $("train-full").addEventListener("click", () => train("TRAIN_MODE_FULL"));
    $("train-incremental").addEventListener("click", () => train("TRAIN_MODE_INCREMENTAL"));
    $("rollback").addEventListener("click", () => act(() => Api.rollback(), "rolled back"));
    $("try-form").addEventListener("submit", classify);
    Labelling.init(refreshLabels);
    if (Api.session.key) signIn(Api.session.key).catch(err => { Api.session.key = null; showError($("sign-in-error"), err); });
  });
})();
