// The active head's metrics card: a single-label head's confusion matrix, or for a multi-label head its
// micro-F1, macro-F1 and exact match with per-label F1 bars (svg.js) and a precision/recall/threshold table.
"use strict";
const Metrics = (() => {
  const $ = id => document.getElementById(id);
  const pct = v => `${(Number(v || 0) * 100).toFixed(1)}%`;

  function cell(tr, text) {
    const td = document.createElement("td");
    td.textContent = String(text);
    tr.appendChild(td);
  }

  /** metrics: the active head's Metrics or undefined; multi: whether the chosen task is multi-label. */
  function render(metrics, multi) {
    $("confusion-view").hidden = multi;
    $("multi-metrics").hidden = !multi;
    if (!multi) {
      Svg.heatmap($("confusion"), metrics ? metrics.labels || [] : [], metrics ? (metrics.confusion || []).map(Number) : []);
      return;
    }
    const summary = $("multi-summary");
    summary.replaceChildren();
    const perLabel = metrics ? metrics.perLabel || [] : [];
    for (const [field, name] of [["microF1", "micro-F1"], ["macroF1", "macro-F1"], ["exactMatch", "exact match"]]) {
      const item = document.createElement("li");
      item.dataset.field = field;
      item.dataset.value = Number(metrics ? metrics[field] || 0 : 0).toFixed(4);
      item.textContent = metrics ? `${name} ${pct(metrics[field])}` : `${name}: no active head`;
      summary.appendChild(item);
    }
    Svg.f1Bars($("f1-bars"), perLabel.map(l => ({
      label: l.label, f1: Number(l.f1 || 0), precision: Number(l.precision || 0), recall: Number(l.recall || 0),
      support: Number(l.support || 0), threshold: Number(l.threshold || 0),
    })));
    const body = $("per-label-table").tBodies[0];
    body.replaceChildren();
    for (const l of perLabel) {
      const tr = document.createElement("tr");
      tr.dataset.label = l.label;
      for (const v of [l.label, pct(l.f1), pct(l.precision), pct(l.recall), Number(l.support || 0), Number(l.threshold || 0).toFixed(3)]) cell(tr, v);
      body.appendChild(tr);
    }
  }

  return { render };
})();
