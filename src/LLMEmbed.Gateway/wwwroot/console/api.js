// The JSON API (gRPC JSON transcoding) as the console uses it. The key lives in sessionStorage
// only and travels as "Authorization: Bearer"; it is never put in a cookie or a URL.
"use strict";
const Api = (() => {
  const KEY = "llmembed.key";

  /** Tenant id inside a key lle_{tenant}.{secret}, or null. */
  function tenantOf(key) {
    const m = /^lle_([A-Za-z0-9][A-Za-z0-9_-]{0,63})\.[A-Za-z0-9_-]+$/.exec(key || "");
    return m ? m[1] : null;
  }

  const session = {
    get key() { return sessionStorage.getItem(KEY); },
    set key(value) { if (value) sessionStorage.setItem(KEY, value); else sessionStorage.removeItem(KEY); },
    get tenant() { return tenantOf(this.key); },
  };

  class ApiError extends Error {
    constructor(status, body, headers) {
      super((body && (body.message || (body.error && body.error.message))) || `HTTP ${status}`);
      this.status = status;
      this.body = body;
      this.headers = headers;
    }
  }

  /** "?a=1&b=x" from the non-empty values, each escaped; "" when there are none. */
  function query(params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
    const s = q.toString();
    return s ? `?${s}` : "";
  }

  async function call(method, path, body) {
    const headers = { Authorization: `Bearer ${session.key}` };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(`/v1/tenants/${encodeURIComponent(session.tenant)}${path}`, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "omit", cache: "no-store",
    });
    const text = await response.text();
    const json = text ? JSON.parse(text) : {};
    if (!response.ok) throw new ApiError(response.status, json, response.headers);
    return json;
  }

  /**
   * Streams a file to the import route; onProgress(fraction of bytes sent). XHR because fetch reports no upload progress.
   * importId makes a retried upload of the same file safe: the gateway refuses it, or with resume continues after its committed rows.
   */
  function importFile(file, truncate, onProgress, unlabelled, importId, resume) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      const format = /\.csv$/i.test(file.name) ? "csv" : "jsonl";
      xhr.open("POST", `/v1/tenants/${encodeURIComponent(session.tenant)}/examples/import?format=${format}&truncate=${truncate}&unlabelled=${Boolean(unlabelled)}` +
        `&import_id=${encodeURIComponent(importId)}&resume=${Boolean(resume)}`);
      xhr.setRequestHeader("Authorization", `Bearer ${session.key}`);
      xhr.setRequestHeader("Content-Type", format === "csv" ? "text/csv" : "application/x-ndjson");
      xhr.upload.onprogress = e => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
      xhr.onload = () => {
        let json = {};
        try { json = JSON.parse(xhr.responseText || "{}"); } catch { json = { message: xhr.responseText }; }
        if (xhr.status === 200) resolve(json);
        else reject(new ApiError(xhr.status, json, { get: name => xhr.getResponseHeader(name) }));
      };
      xhr.onerror = () => reject(new ApiError(0, { message: "the connection failed" }, { get: () => null }));
      xhr.send(file);
    });
  }

  return {
    session, tenantOf, ApiError, importFile,
    // Task-scoped calls take the task ("" = the default task) as the API does: in the body, else as ?task=.
    labels: task => call("GET", `/labels${query({ task })}`),
    addLabel: (label, task) => call("POST", "/labels", { label, task }),
    describe: (label, description) => call("PUT", `/labels/${encodeURIComponent(label)}/description`, { description }),
    heads: task => call("GET", `/heads${query({ task })}`),
    train: (mode, head, force, task) => call("POST", "/jobs", { mode, head, force, task }),
    job: id => call("GET", `/jobs/${encodeURIComponent(id)}`),
    cancelJob: id => call("POST", `/jobs/${encodeURIComponent(id)}/cancel`),
    promote: (version, task) => call("POST", `/heads/${version}/promote${query({ task })}`),
    rollback: task => call("POST", "/heads/rollback", { task }),
    // tasks: [] = the default task in the top-level fields; ["*"] = every task, one answer each in result.tasks.
    classify: (text, topK, tasks) => call("POST", "/classify", { texts: [text], topK, truncate: true, tasks: tasks || [] }),
    // Tasks: named classifiers over the same rows.
    tasks: () => call("GET", "/tasks"),
    createTask: (task, kind, labels) => call("POST", "/tasks", { task, kind, labels }),
    deleteTask: task => call("DELETE", `/tasks/${encodeURIComponent(task)}`),
    // The labelling loop: stored rows, their counts, relabel/delete, suggestions and feedback.
    examples: ({ pageSize, pageToken, label, source }) => call("GET", `/examples${query({ pageSize, pageToken, label, source })}`),
    counts: task => call("GET", `/examples/count${query({ task })}`),
    relabel: (id, label) => call("PATCH", `/examples/${encodeURIComponent(id)}`, { label }),
    deleteExample: id => call("POST", "/examples/delete", { ids: [String(id)] }),
    suggestions: count => call("GET", `/suggestions?count=${count}`),
    feedback: (predictionId, label) => call("POST", "/feedback", { predictionId, label }),
    outOfScope: predictionId => call("POST", "/feedback", { predictionId, outOfScope: true }),
  };
})();
