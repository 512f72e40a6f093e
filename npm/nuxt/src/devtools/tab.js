// The qalint tab's page, inside Nuxt DevTools' iframe: the dev server's state over an event
// stream (a new one after every lint), drawn with the DOM's own text nodes (a page's text is
// never markup here). Open-in-editor is DevTools' own (`window.__NUXT_DEVTOOLS__`, set by
// DevTools on its tabs' frames).
import { editorTarget, filtered, grouped, perRule, summary } from "./view.js";

const token = document.querySelector('meta[name="qalint-token"]').content;
const $ = (id) => document.getElementById(id);
let state = { version: 0, ok: null, findings: [], suppressed: 0, collections: {}, rootDir: "" };

function el(tag, { dataset = {}, ...props } = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  Object.assign(node.dataset, dataset);
  for (const child of children) if (child != null) node.append(child);
  return node;
}

function note(text) {
  $("note").hidden = !text;
  $("note").textContent = text ?? "";
}

function filters() {
  return { severity: $("severity").value, rule: $("rule").value, text: $("text").value };
}

function draw() {
  $("summary").textContent = summary(state);
  $("failure").hidden = state.ok !== false;
  $("failure").textContent = state.ok === false ? `qalint could not check the content: ${state.why}` : "";
  const rules = perRule(state.findings);
  // The rule filter keeps its choice while that rule still has findings.
  const chosen = $("rule").value;
  $("rule").replaceChildren(el("option", { value: "", textContent: "all" }),
    ...rules.map((r) => el("option", { value: r.code, textContent: `${r.code} ${r.rule}`, selected: r.code === chosen })));
  $("counts").replaceChildren(...rules.map((r) => el("button", {
    type: "button",
    className: r.errors ? "count error" : "count warning",
    title: `show only ${r.code}`,
    textContent: `${r.code} ${r.rule} ${r.errors + r.warnings}`,
    onclick: () => { $("rule").value = r.code; drawPages(); },
  })));
  drawPages();
}

function drawPages() {
  const shown = filtered(state.findings, filters());
  const groups = grouped(shown, state.collections);
  if (groups.length === 0) {
    $("pages").replaceChildren(el("p", { className: "empty", textContent: state.findings.length ? "no finding matches the filters" : "" }));
    return;
  }
  $("pages").replaceChildren(...groups.map((g) => el("section", { className: "collection" },
    el("h2", { textContent: g.collection === null ? "(no collection)" : g.collection },
      el("span", { className: "n", textContent: ` ${g.pages.reduce((n, p) => n + p.findings.length, 0)}` })),
    ...g.pages.map(page))));
}

function page(p) {
  const fix = p.safeFixes
    ? el("button", { type: "button", className: "fix", textContent: `Fix ${p.safeFixes} safe`, onclick: (e) => applyFixes(p.file, e.target) })
    : null;
  return el("article", { className: "page", dataset: { file: p.file } },
    el("h3", {}, el("span", { className: "file", textContent: p.file }), fix),
    el("ul", {}, ...p.findings.map(finding)));
}

function finding(f) {
  const help = f.help ? el("p", { className: "help", textContent: `help: ${f.help}` }) : null;
  return el("li", { className: `finding ${f.severity}` },
    el("button", { type: "button", className: "at", title: "open in the editor", textContent: `${f.line}:${f.column}`, onclick: () => openInEditor(f) }),
    el("span", { className: "severity", textContent: f.severity }),
    el("button", { type: "button", className: "code", title: `the rule's page (qalint --explain ${f.code})`, textContent: `${f.code} [${f.rule}]`, onclick: () => explain(f.code) }),
    el("span", { className: "message", textContent: f.message }),
    f.fix?.applicability === "safe" ? el("span", { className: "fixable", title: "a safe fix", textContent: "[*]" }) : null,
    help);
}

async function openInEditor(f) {
  const target = editorTarget(state.rootDir, f);
  const client = window.__NUXT_DEVTOOLS__;
  if (!client?.devtools?.rpc) {
    note(`Open this tab in Nuxt DevTools to open pages in the editor: ${target}`);
    return;
  }
  const rpc = client.devtools.rpc;
  try {
    const opened = await rpc.openInEditor(localStorage.getItem("__nuxt_dev_token__") ?? "", target);
    note(opened ? "" : `The editor did not open ${target}`);
  } catch {
    // DevTools asks its user first (a link in the terminal), as for its own open-in-editor.
    await rpc.requestForAuth?.("qalint: open a page in the editor").catch(() => {});
    note("Nuxt DevTools asks for permission to open the editor: follow the link in the terminal, then try again.");
  }
}

async function explain(code) {
  const res = await fetch(`explain?rule=${encodeURIComponent(code)}`);
  $("explain-text").textContent = await res.text();
  $("explain").showModal();
}

async function applyFixes(file, button) {
  button.disabled = true;
  button.textContent = "Fixing…";
  try {
    const res = await fetch("fix", {
      method: "POST",
      headers: { "content-type": "application/json", "x-qalint-token": token },
      body: JSON.stringify({ file }),
    });
    const answer = await res.json().catch(() => ({ ok: false, why: `the server answered ${res.status}` }));
    note(answer.ok ? `${file}: safe fixes applied` : `${file}: not fixed: ${answer.why}`);
  } catch (error) {
    note(`${file}: not fixed: ${error.message}`);
  } finally {
    button.disabled = false;
  }
}

for (const id of ["severity", "rule"]) $(id).addEventListener("change", drawPages);
$("text").addEventListener("input", drawPages);
$("filters").addEventListener("submit", (e) => e.preventDefault());

// A new state after every lint; the browser reconnects by itself when the server restarts.
const events = new EventSource("events");
events.addEventListener("state", (e) => {
  state = JSON.parse(e.data);
  document.body.dataset.version = String(state.version);
  draw();
});
