// Small SVG charts drawn with DOM calls only: every label a tenant typed goes in via textContent,
// never as markup, so a label such as <img src=x onerror=alert(1)> is shown as the text it is.
"use strict";
const Svg = (() => {
  const NS = "http://www.w3.org/2000/svg";

  function el(name, attrs, text) {
    const node = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function root(width, height) {
    return el("svg", { viewBox: `0 0 ${width} ${height}`, role: "img" });
  }

  function clip(text, max) {
    const s = String(text);
    return s.length > max ? s.slice(0, max - 1) + "\u2026" : s;
  }

  /** Horizontal bars: items = [{ name, value, muted }]. */
  function bars(container, items, unit) {
    container.replaceChildren();
    if (items.length === 0) { container.textContent = "No labels yet."; return; }
    const row = 22, left = 170, width = 640, right = 60;
    const max = Math.max(1, ...items.map(i => i.value));
    const svg = root(width, items.length * row + 8);
    items.forEach((item, i) => {
      const y = i * row + 4;
      const g = el("g", { "data-label": item.name, "data-value": item.value });
      const name = el("text", { x: left - 6, y: y + 14, "text-anchor": "end" }, clip(item.name, 26));
      name.appendChild(el("title", {}, item.name));
      g.appendChild(name);
      const w = Math.max(1, (width - left - right) * item.value / max);
      g.appendChild(el("rect", { x: left, y, width: w, height: row - 6, class: item.muted ? "bar alt" : "bar" }));
      g.appendChild(el("text", { x: left + w + 4, y: y + 14, class: "value" }, `${item.value}${unit || ""}`));
      svg.appendChild(g);
    });
    container.appendChild(svg);
  }

  /** Lines of accuracy and macro-F1 by head version: points = [{ version, accuracy, macroF1 }]. */
  function versions(container, points) {
    container.replaceChildren();
    if (points.length === 0) { container.textContent = "No head trained yet."; return; }
    const width = 640, height = 220, l = 40, r = 110, t = 10, b = 30;
    const svg = root(width, height);
    const x = i => points.length === 1 ? l + (width - l - r) / 2 : l + i * (width - l - r) / (points.length - 1);
    const y = v => t + (1 - v) * (height - t - b);
    for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
      svg.appendChild(el("line", { x1: l, x2: width - r, y1: y(tick), y2: y(tick), class: "axis" }));
      svg.appendChild(el("text", { x: l - 4, y: y(tick) + 4, "text-anchor": "end" }, `${Math.round(tick * 100)}%`));
    }
    const series = [["accuracy", "acc", "accuracy"], ["macroF1", "f1", "macro-F1"]];
    series.forEach(([key, cls, title], s) => {
      const d = points.map((p, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(p[key]).toFixed(1)}`).join(" ");
      svg.appendChild(el("path", { d, class: `line-${cls}` }));
      points.forEach((p, i) => {
        const dot = el("circle", { cx: x(i), cy: y(p[key]), r: 4, class: `dot-${cls}`, "data-series": key, "data-version": p.version, "data-value": p[key].toFixed(4) });
        dot.appendChild(el("title", {}, `v${p.version} ${title} ${(p[key] * 100).toFixed(1)}%`));
        svg.appendChild(dot);
      });
      svg.appendChild(el("circle", { cx: width - r + 14, cy: t + 8 + s * 18, r: 4, class: `dot-${cls}` }));
      svg.appendChild(el("text", { x: width - r + 24, y: t + 12 + s * 18 }, title));
    });
    points.forEach((p, i) => svg.appendChild(el("text", { x: x(i), y: height - 10, "text-anchor": "middle" }, `v${p.version}`)));
    container.appendChild(svg);
  }

  /** Confusion heatmap: labels[n], cells row-major n*n (row = truth). */
  function heatmap(container, labels, cells) {
    container.replaceChildren();
    const n = labels.length;
    if (n === 0 || cells.length !== n * n) { container.textContent = "No active head."; return; }
    const cell = Math.max(28, Math.min(56, Math.floor(480 / n))), left = 150, top = 110;
    const svg = root(left + n * cell + 10, top + n * cell + 10);
    const max = Math.max(1, ...cells);
    labels.forEach((label, i) => {
      const rowName = el("text", { x: left - 6, y: top + i * cell + cell / 2 + 4, "text-anchor": "end", "data-row": i }, clip(label, 22));
      rowName.appendChild(el("title", {}, label));
      svg.appendChild(rowName);
      const cx = left + i * cell + cell / 2;
      const colName = el("text", { x: cx, y: top - 6, transform: `rotate(-45 ${cx} ${top - 6})`, "data-col": i }, clip(label, 18));
      colName.appendChild(el("title", {}, label));
      svg.appendChild(colName);
    });
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        const v = cells[r * n + c];
        const shade = v / max;
        const g = el("g", { "data-cell": `${r},${c}`, "data-value": v });
        g.appendChild(el("rect", { x: left + c * cell, y: top + r * cell, width: cell - 2, height: cell - 2,
          fill: r === c ? `rgba(47,111,223,${0.08 + 0.92 * shade})` : `rgba(224,120,47,${0.08 + 0.92 * shade})` }));
        g.appendChild(el("text", { x: left + c * cell + cell / 2 - 1, y: top + r * cell + cell / 2 + 4, "text-anchor": "middle",
          fill: shade > 0.55 ? "#fff" : "#1d2330" }, v));
        const tip = el("title", {}, `${labels[r]} \u2192 ${labels[c]}: ${v}`);
        g.appendChild(tip);
        svg.appendChild(g);
      }
    }
    container.appendChild(svg);
  }

  /** Per-label F1 of a multi-label head, 0..1 on a fixed scale so heads compare: items = [{ label, f1, precision, recall, support, threshold }]. */
  function f1Bars(container, items) {
    container.replaceChildren();
    if (items.length === 0) { container.textContent = "No active head."; return; }
    const row = 22, left = 170, width = 640, right = 60;
    const svg = root(width, items.length * row + 8);
    items.forEach((item, i) => {
      const y = i * row + 4;
      const g = el("g", { "data-label": item.label, "data-f1": item.f1.toFixed(4) });
      g.appendChild(el("title", {}, `${item.label}: F1 ${(item.f1 * 100).toFixed(1)}%, precision ${(item.precision * 100).toFixed(1)}%, ` +
        `recall ${(item.recall * 100).toFixed(1)}%, support ${item.support}, threshold ${item.threshold.toFixed(3)}`));
      g.appendChild(el("text", { x: left - 6, y: y + 14, "text-anchor": "end" }, clip(item.label, 26)));
      const w = Math.max(1, (width - left - right) * Math.min(1, Math.max(0, item.f1)));
      g.appendChild(el("rect", { x: left, y, width: w, height: row - 6, class: "bar" }));
      g.appendChild(el("text", { x: left + w + 4, y: y + 14, class: "value" }, `${(item.f1 * 100).toFixed(1)}%`));
      svg.appendChild(g);
    });
    container.appendChild(svg);
  }

  return { bars, versions, heatmap, f1Bars };
})();
