// The "try it" box: classify one text with the chosen task, or with every task at once (tasks: ["*"]).
// A multi-label answer shows its chosen labels as chips with their probabilities, or "none of these";
// a single-label answer is the label and the probability bars. Server text goes in via textContent only.
"use strict";
const Classify = (() => {
  const $ = id => document.getElementById(id);
  const pct = v => `${(v * 100).toFixed(1)}%`;
  let topK = () => 1;      // every label's probability for the default-only answer (console.js knows the count)
  let changed = async () => {}; // feedback stored a row: labels and counts redraw

  function node(tag, text, className, testid) {
    const n = document.createElement(tag);
    if (text !== undefined) n.textContent = String(text);
    if (className) n.className = className;
    if (testid) n.dataset.testid = testid;
    return n;
  }

  function fail(target, error) {
    target.classList.add("error");
    target.textContent = error instanceof Api.ApiError ? `${error.status}: ${error.message}` : String(error);
  }

  async function run(event) {
    event.preventDefault();
    const out = $("try-result");
    const all = $("try-all-tasks").checked, task = Tasks.current;
    try {
      // A named task or every task: one answer per task in result.tasks, all labels' probabilities (topK 0).
      // "*" answers every task that has an active head; the ones it leaves out are listed below the answers.
      const tasks = all ? ["*"] : task ? [task] : [];
      const { results } = await Api.classify($("try-text").value, tasks.length ? 0 : topK(), tasks);
      out.classList.remove("error");
      out.replaceChildren();
      const r = results[0];
      if (tasks.length === 0) { single(out, r); return; }
      for (const answer of r.tasks || []) out.appendChild(taskAnswer(answer));
      const answered = new Set((r.tasks || []).map(a => a.task));
      const untrained = Tasks.names().filter(n => !answered.has(n));
      if (all && untrained.length) out.appendChild(node("p", `not answered (no active head yet): ${untrained.join(", ")}`, "muted", "untrained-tasks"));
    } catch (e) { out.replaceChildren(); fail(out, e); }
  }

  /** The default task's answer, as before tasks: label, source, scope score, bars and "correct it". */
  function single(out, r) {
    const predicted = node("div", r.abstained ? "none (out of scope)" : r.label, "predicted", "predicted");
    predicted.dataset.abstained = String(Boolean(r.abstained));
    if (r.abstained) predicted.classList.add("abstained");
    out.appendChild(predicted);
    out.appendChild(node("div", r.source === "zero_shot" ? "zero-shot (label descriptions)" : `head v${r.headVersion}`, "muted", "source"));
    const scope = node("div", `scope score ${Number(r.scopeScore || 0).toFixed(3)} (likeness to what the tenant trained on)`, "muted", "scope-score");
    scope.dataset.value = Number(r.scopeScore || 0).toFixed(4);
    out.appendChild(scope);
    const notInHead = r.labelsNotInHead || [];
    if (notInHead.length > 0)
      out.appendChild(node("div", `${notInHead.join(", ")}: not in the active head – retrain to use ${notInHead.length === 1 ? "it" : "them"}`, "warn", "classify-not-in-head"));
    for (const p of r.probabilities || []) out.appendChild(bar(p));
    if (r.predictionId) out.appendChild(correction(r.predictionId));
  }

  /** One task's answer inside a tasks classify: chips for a multi-label task, the label and bars otherwise. */
  function taskAnswer(a) {
    const multi = Tasks.isMulti(a.task);
    const box = node("div", undefined, "task-answer", "task-answer");
    box.dataset.task = a.task || "default";
    box.dataset.kind = multi ? "multi_label" : "single_label";
    box.appendChild(node("h3", `${a.task || "default"} `));
    box.firstChild.appendChild(node("span", `${multi ? "multi-label" : "single-label"}, head v${a.headVersion}`, "muted"));
    const probability = new Map((a.probabilities || []).map(p => [p.label, p.probability]));
    if (multi) {
      const chosen = a.labels || [];
      const chips = node("div", undefined, "chips", "chips");
      for (const label of chosen) {
        const chip = node("span", undefined, "chip", "chip");
        chip.dataset.label = label;
        chip.append(node("span", label), node("span", probability.has(label) ? pct(probability.get(label)) : "", "p"));
        chips.appendChild(chip);
      }
      // An empty set is an answer, not a failure: the text carries none of the task's labels.
      if (chosen.length === 0) chips.appendChild(node("span", "none of these", "chip none", "none-of-these"));
      box.appendChild(chips);
    } else {
      const label = node("div", a.abstained ? "none (out of scope)" : a.label, "predicted", "task-label");
      if (a.abstained) label.classList.add("abstained");
      box.appendChild(label);
    }
    for (const p of a.probabilities || []) box.appendChild(bar(p));
    return box;
  }

  function bar(p) {
    const row = node("div", undefined, "prob");
    row.dataset.label = p.label;
    const track = node("div", undefined, "track"), fill = node("div", undefined, "fill");
    fill.style.width = `${(p.probability * 100).toFixed(1)}%`;
    track.appendChild(fill);
    row.append(node("span", p.label, "name"), track, node("span", pct(p.probability)));
    return row;
  }

  /** "Correct it": the right label, or out of scope, sent as feedback on this prediction id (stored as one example). */
  function correction(predictionId) {
    const form = node("div", undefined, "correct", "correct");
    const choose = Labelling.picker("");
    const send = node("button", "Use this label", "secondary", "feedback-label");
    const none = node("button", "Out of scope", "secondary", "feedback-out-of-scope");
    send.type = none.type = "button";
    const status = node("span", undefined, "muted", "feedback-status");
    const give = async call => {
      try {
        const f = await call();
        status.classList.remove("error");
        status.textContent = f.repeated ? `already given: example ${f.exampleId} (nothing stored again)`
          : `stored as example ${f.exampleId}${f.outOfScope ? " (out of scope)" : ` labelled ${f.label}`}`;
        await changed();
      } catch (e) { fail(status, e); }
    };
    send.addEventListener("click", () => give(() => Api.feedback(predictionId, choose.value)));
    none.addEventListener("click", () => give(() => Api.outOfScope(predictionId)));
    form.append(node("span", "Correct it:"), choose, send, none, status);
    return form;
  }

  function init(labelCount, onFeedback) {
    topK = labelCount;
    changed = onFeedback;
    $("try-form").addEventListener("submit", run);
  }

  return { init };
})();
