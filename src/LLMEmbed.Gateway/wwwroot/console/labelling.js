// The labelling loop in the console: stored examples (paged, filtered, relabel, delete), their counts
// per label and per source, and "label next" (the suggestions). Like the rest of the console, text a
// tenant typed is only ever assigned with textContent.
"use strict";
const Labelling = (() => {
  const $ = id => document.getElementById(id);
  let labels = [];              // live label names, for the pickers
  let pageToken = "";           // token of the page on show ("" = first)
  let nextToken = "";           // the API's next_page_token for it
  let onChange = () => {};      // tells the rest of the console that the stored rows changed

  function node(tag, text, className) {
    const n = document.createElement(tag);
    if (text !== undefined) n.textContent = String(text);
    if (className) n.className = className;
    return n;
  }

  function button(text, testid, secondary) {
    const b = node("button", text, secondary ? "secondary" : undefined);
    b.type = "button";
    if (testid) b.dataset.testid = testid;
    return b;
  }

  /** A select of the live labels, the current one (if any) chosen. */
  function picker(current) {
    const select = node("select");
    select.dataset.testid = "label-picker";
    for (const name of labels) {
      const option = node("option", name);
      option.value = name;
      if (name === current) option.selected = true;
      select.appendChild(option);
    }
    return select;
  }

  function fail(target, error) {
    target.classList.add("error");
    target.textContent = error instanceof Api.ApiError ? `${error.status}: ${error.message}` : String(error);
  }

  function say(target, text) {
    target.classList.remove("error");
    target.textContent = text;
  }

  /** The live labels changed (console.js refreshLabels): pickers and the label filter follow. */
  function setLabels(names) {
    labels = [...names];
    const filter = $("examples-label"), chosen = filter.value;
    filter.replaceChildren(Object.assign(node("option", "any"), { value: "" }));
    for (const name of labels) filter.appendChild(Object.assign(node("option", name), { value: name, selected: name === chosen }));
  }

  function countList(list, entries, attribute, describe) {
    list.replaceChildren();
    for (const [key, value] of entries) {
      const li = node("li", `${describe(key)}: ${value}`);
      li.dataset[attribute] = key;
      li.dataset.value = String(value);
      list.appendChild(li);
    }
    if (entries.length === 0) list.appendChild(node("li", "none yet", "muted"));
  }

  async function refreshCounts() {
    const { total = 0, perLabel = {}, perSource = {} } = await Api.counts();
    const sources = Object.entries(perSource).map(([k, v]) => [k, Number(v)]).sort();
    const perLabelRows = Object.entries(perLabel).map(([k, v]) => [k, Number(v)]).sort((a, b) => b[1] - a[1]);
    countList($("count-source"), sources, "source", s => s === "feedback" ? "feedback (corrections)" : s);
    countList($("count-label"), perLabelRows, "label", l => l);
    $("count-source").dataset.total = String(Number(total));
    await refreshCorrections(Number(perSource.feedback || 0));
  }

  // Corrections per label: the feedback rows tallied by label, a bounded number of pages (20 x 500 rows).
  async function refreshCorrections(feedbackRows) {
    const tally = new Map();
    let token = "";
    for (let page = 0; feedbackRows > 0 && page < 20; page++) {
      const { examples = [], nextPageToken = "" } = await Api.examples({ pageSize: 500, pageToken: token, label: "", source: "feedback" });
      for (const e of examples) {
        const key = e.label || "(out of scope)";
        tally.set(key, (tally.get(key) || 0) + 1);
      }
      if (!nextPageToken) break;
      token = nextPageToken;
    }
    countList($("count-feedback"), [...tally.entries()].sort((a, b) => b[1] - a[1]), "label", l => l);
  }

  function filters() {
    return {
      pageSize: Math.max(1, Math.min(500, Number($("examples-page-size").value) || 25)),
      label: $("examples-label").value,
      source: $("examples-source").value,
    };
  }

  async function loadPage(token) {
    const status = $("examples-status");
    try {
      const { examples = [], nextPageToken = "" } = await Api.examples({ ...filters(), pageToken: token });
      pageToken = token;
      nextToken = nextPageToken;
      const body = $("examples-table").tBodies[0];
      body.replaceChildren();
      for (const e of examples) body.appendChild(exampleRow(e));
      $("examples-next").disabled = !nextToken;
      $("examples-first").disabled = !pageToken;
      say(status, `${examples.length} rows on this page${nextToken ? "" : " (last page)"}`);
    } catch (err) { fail(status, err); }
  }

  function exampleRow(e) {
    const tr = node("tr");
    tr.dataset.id = String(e.id);
    tr.dataset.source = e.source || "";
    tr.dataset.label = e.label || "";
    for (const [text, cls] of [[e.id, ""], [e.text || "(text not kept)", "text"], [e.label || (e.source === "feedback" ? "(out of scope)" : "(unlabelled)"), "label"], [e.source || "", ""], [e.importId || "", ""]]) {
      const td = node("td", text, cls || undefined);
      tr.appendChild(td);
    }
    const actions = node("td");
    const choose = picker(e.label);
    const relabel = button("Relabel", "relabel", true);
    const remove = button("Delete", "delete", true);
    relabel.addEventListener("click", () => change(() => Api.relabel(e.id, choose.value), `example ${e.id} is now ${choose.value}`));
    remove.addEventListener("click", () => change(() => Api.deleteExample(e.id), `example ${e.id} deleted`));
    actions.append(choose, relabel, remove);
    tr.appendChild(actions);
    return tr;
  }

  /** Runs one edit, then reloads the page on show, the counts and (through onChange) the labels chart. */
  async function change(run, done) {
    const status = $("examples-status");
    try {
      await run();
      await Promise.all([loadPage(pageToken), refreshCounts(), onChange()]);
      say(status, done);
    } catch (err) { fail(status, err); }
  }

  async function refreshSuggestions() {
    const status = $("suggest-status"), list = $("suggestions");
    try {
      const { suggestions = [], strategy = "", candidates = 0 } = await Api.suggestions(10);
      list.replaceChildren();
      for (const s of suggestions) list.appendChild(suggestionItem(s, strategy));
      say(status, suggestions.length === 0 ? "No unlabelled rows: import some with \u201cunlabelled\u201d to be offered them here."
        : `${suggestions.length} suggestions by ${strategy} (of ${Number(candidates)} unlabelled rows considered)`);
    } catch (err) { fail(status, err); }
  }

  function suggestionItem(s, strategy) {
    const li = node("li");
    li.dataset.exampleId = String(s.exampleId);
    const text = node("div", s.text, "text");
    const meta = node("div", `${strategy}, score ${Number(s.score || 0).toFixed(3)}${s.predictedLabel ? `, predicted ${s.predictedLabel}` : ""}`, "muted");
    meta.dataset.testid = "suggestion-meta";
    const form = node("div", undefined, "correct");
    const choose = picker(s.predictedLabel);
    const label = button("Label it", "label-suggestion");
    const result = node("span", undefined, "muted");
    label.addEventListener("click", async () => {
      label.disabled = true;
      try {
        await Api.relabel(s.exampleId, choose.value);
        say($("suggest-status"), `example ${s.exampleId} labelled ${choose.value}`);
        await Promise.all([refreshSuggestions(), refreshCounts(), loadPage(pageToken), onChange()]);
      } catch (err) { fail(result, err); label.disabled = false; }
    });
    form.append(choose, label, result);
    li.append(text, meta, form);
    return li;
  }

  /** Everything this file draws, after sign-in or after rows changed elsewhere (import, feedback). */
  async function refresh() {
    await Promise.all([refreshCounts(), loadPage(pageToken), refreshSuggestions()]);
  }

  function init(changed) {
    onChange = changed;
    $("examples-filter").addEventListener("submit", e => { e.preventDefault(); loadPage(""); });
    $("examples-next").addEventListener("click", () => { if (nextToken) loadPage(nextToken); });
    $("examples-first").addEventListener("click", () => loadPage(""));
    $("suggest-refresh").addEventListener("click", refreshSuggestions);
  }

  return { init, setLabels, refresh, refreshCounts, picker };
})();
