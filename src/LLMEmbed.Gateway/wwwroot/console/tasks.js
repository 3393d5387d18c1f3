// The task switcher: the tenant's tasks (name, kind, labels, examples, active head), create and delete,
// and the task the task-scoped views act on. "" stands for the default task, as in the API.
"use strict";
const Tasks = (() => {
  const $ = id => document.getElementById(id);
  const MULTI = "TASK_KIND_MULTI_LABEL";
  let list = [];           // the last ListTasks answer, the default task first
  let current = "";        // the chosen task's name; "" = default
  let onSwitch = () => {}; // redraws the task-scoped views (console.js)

  function node(tag, text, className) {
    const n = document.createElement(tag);
    if (text !== undefined) n.textContent = String(text);
    if (className) n.className = className;
    return n;
  }

  function say(text, error) {
    const status = $("tasks-status");
    status.classList.toggle("error", Boolean(error));
    status.textContent = text;
  }

  // The API's own message, so "task name taken" or "default cannot be deleted" reads as the tenant said it.
  const failed = e => say(e instanceof Api.ApiError ? `${e.status}: ${e.message}` : String(e), true);

  const nameOf = t => t.task || "default";
  const isMulti = name => (list.find(t => nameOf(t) === (name || "default")) || {}).kind === MULTI;

  async function refresh() {
    ({ tasks: list = [] } = await Api.tasks());
    if (current && !list.some(t => nameOf(t) === current)) current = ""; // deleted elsewhere: back to default
    render();
  }

  function render() {
    const body = $("tasks-table").tBodies[0];
    body.replaceChildren();
    for (const t of list) {
      const name = nameOf(t);
      const tr = node("tr");
      tr.dataset.task = name;
      tr.dataset.kind = t.kind === MULTI ? "multi_label" : "single_label";
      tr.dataset.labels = String(Number(t.labels || 0));
      if (name === (current || "default")) tr.classList.add("active");
      for (const text of [name, t.kind === MULTI ? "multi-label" : "single-label", Number(t.labels || 0), Number(t.examples || 0),
        t.activeHeadVersion ? `v${t.activeHeadVersion}` : "none"]) tr.appendChild(node("td", text));
      const actions = node("td");
      const use = node("button", "Use", "secondary");
      use.type = "button";
      use.dataset.testid = "task-use";
      use.disabled = name === (current || "default");
      use.addEventListener("click", () => choose(name));
      // Offered for default too: the backend refuses it, and its message is shown.
      const remove = node("button", "Delete", "secondary");
      remove.type = "button";
      remove.dataset.testid = "task-delete";
      remove.addEventListener("click", () => remove_(name));
      actions.append(use, remove);
      tr.appendChild(actions);
      body.appendChild(tr);
    }
    const shown = current || "default";
    $("task-current").textContent = `${shown} (${isMulti(current) ? "multi-label" : "single-label"})`;
    $("task-current").dataset.task = shown;
    for (const n of document.querySelectorAll(".task-name")) n.textContent = shown;
  }

  async function choose(name) {
    current = name === "default" ? "" : name;
    render();
    say(`now working on task ${name}`);
    try { await onSwitch(); } catch (e) {
      failed(e); // e.g. 404 when the task was deleted elsewhere: the API's message stays on show
      await refresh().catch(() => {});
      if (!current) await onSwitch().catch(() => {}); // it is gone: the views follow the default task again
    }
  }

  async function create(event) {
    event.preventDefault();
    const name = $("task-name").value.trim();
    const labels = $("task-labels").value.split(",").map(l => l.trim()).filter(l => l);
    try {
      await Api.createTask(name, $("task-kind").value, labels);
      $("task-name").value = "";
      $("task-labels").value = "";
      await refresh();
      say(`task ${name} created`);
    } catch (e) { failed(e); }
  }

  async function remove_(name) {
    if (!window.confirm(`Delete task ${name} with its labels and heads? Its labels on stored rows are ignored from then on.`)) return;
    try {
      await Api.deleteTask(name);
      const wasCurrent = name === current;
      await refresh();
      say(`task ${name} deleted`);
      if (wasCurrent) await choose("default");
    } catch (e) { failed(e); }
  }

  function init(switched) {
    onSwitch = switched;
    $("task-form").addEventListener("submit", create);
  }

  /** Names of the tenant's tasks in list order (the default task first). */
  const names = () => list.map(nameOf);

  return { init, refresh, isMulti, names, get current() { return current; } };
})();
