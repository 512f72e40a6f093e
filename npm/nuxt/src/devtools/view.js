// What the tab shows of the dev server's state, as plain data (no DOM: unit-tested in Node).
// The state is what src/devtools.mjs serves: the binary's findings, its collections.

/** Severity, rule and text filters over the findings. */
export function filtered(findings, { severity = "", rule = "", text = "" } = {}) {
  const needle = text.trim().toLowerCase();
  return findings.filter((f) =>
    (!severity || f.severity === severity)
    && (!rule || f.code === rule)
    && (!needle || [f.file, f.code, f.rule, f.message, f.help ?? ""].some((s) => String(s).toLowerCase().includes(needle))));
}

/** Findings per rule, most first: `[{ code, rule, errors, warnings }]`. */
export function perRule(findings) {
  const rules = new Map();
  for (const f of findings) {
    const r = rules.get(f.code) ?? { code: f.code, rule: f.rule, errors: 0, warnings: 0 };
    if (f.severity === "error") r.errors++;
    else r.warnings++;
    rules.set(f.code, r);
  }
  return [...rules.values()].sort((a, b) => b.errors + b.warnings - (a.errors + a.warnings) || a.code.localeCompare(b.code));
}

/**
 * Collection → page → findings, in the order of collections' names and files' paths (the
 * pages of no collection last). Each page says how many of its findings have a safe fix.
 */
export function grouped(findings, collections) {
  const byCollection = new Map();
  for (const f of findings) {
    const name = collections[f.file] ?? null;
    if (!byCollection.has(name)) byCollection.set(name, new Map());
    const pages = byCollection.get(name);
    if (!pages.has(f.file)) pages.set(f.file, []);
    pages.get(f.file).push(f);
  }
  const order = (a, b) => (a === null) - (b === null) || String(a).localeCompare(String(b));
  return [...byCollection.keys()].sort(order).map((name) => ({
    collection: name,
    pages: [...byCollection.get(name).entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([file, list]) => ({
        file,
        findings: list.sort((a, b) => a.line - b.line || a.column - b.column),
        safeFixes: list.filter((f) => f.fix?.applicability === "safe").length,
      })),
  }));
}

const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The line at the top: what the site has, and what qalint-suppressions.json keeps out. */
export function summary(state) {
  if (state.ok === null) return "checking the content…";
  // Never "no problems" when qalint gave no answer (the last findings stay on the page).
  if (state.ok === false) return "qalint could not check the content";
  const errors = state.findings.filter((f) => f.severity === "error").length;
  const warnings = state.findings.length - errors;
  const pages = new Set(state.findings.map((f) => f.file)).size;
  const kept = state.suppressed ? ` · ${state.suppressed} suppressed by qalint-suppressions.json` : "";
  if (state.findings.length === 0) return `content checked: no problems${kept}`;
  return `${plural(errors, "error")} · ${plural(warnings, "warning")} in ${plural(pages, "page")}${kept}`;
}

/** What DevTools' open-in-editor takes: the page's absolute path with line and column. */
export function editorTarget(rootDir, f) {
  return `${rootDir.replace(/\/+$/, "")}/${f.file}:${f.line}:${f.column}`;
}
