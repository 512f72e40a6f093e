// What the module prints of qalint's findings: concise lines as `qalint --format concise`
// prints them, summaries, and the code frame of Vite's overlay. Presentation only.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

/** A page's text never drives the terminal: control characters and bidirectional overrides
 * are shown escaped, as the CLI's text formats show them (`\n`, `\u{1b}`). `lines`: line
 * breaks kept (an annotation escapes them itself). */
export function clean(text, lines = false) {
  // eslint-disable-next-line no-control-regex
  return String(text).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    if (c === "\n") return lines ? c : "\\n";
    if (c === "\t") return "\\t";
    if (c === "\r") return "\\r";
    return `\\u{${c.charCodeAt(0).toString(16)}}`;
  });
}

/** `file:line:col: [warning: ]CODE [rule] [*] message`. */
export function line(f) {
  const level = f.severity === "warning" ? "warning: " : "";
  const fixable = f.fix?.applicability === "safe" ? " [*]" : "";
  return clean(`${f.file}:${f.line}:${f.column}: ${level}${f.code} [${f.rule}]${fixable} ${f.message}`);
}

// GitHub's workflow commands, escaped as @actions/core escapes them (the CLI's `--format
// github` writes the same: fixtures/github checks that one against the real @actions/core).
const escapeData = (s) => String(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escapeProperty = (s) => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

/**
 * `::error title=…,file=…,line=…::message`: the finding as a GitHub annotation on the pull
 * request. `file` is the finding's file as the repository names it (relative to its top).
 */
export function annotation(f, file) {
  const props = [
    ["title", `${f.code} (${f.rule})`],
    ["file", file],
    ["line", f.line],
    ["endLine", f.end_line],
    ["col", f.column],
    ["endColumn", f.end_column],
  ].filter(([, v]) => v !== undefined && v !== "" && v !== 0);
  const command = f.severity === "warning" ? "warning" : "error";
  return `::${command} ${props.map(([k, v]) => `${k}=${escapeProperty(v)}`).join(",")}::${escapeData(clean(f.message, true))}`;
}

const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** `3 problems (2 errors, 1 warning)`. */
export function count(findings) {
  const errors = findings.filter((f) => f.severity === "error").length;
  const warnings = findings.length - errors;
  return `${plural(findings.length, "problem")} (${plural(errors, "error")}, ${plural(warnings, "warning")})`;
}

/** A finding's identity between two answers. */
export const key = (f) => `${f.file}\u0000${f.line}\u0000${f.column}\u0000${f.code}\u0000${f.message}`;

/** The lines around a finding, with a caret under its column (Vite's overlay `frame`). */
export function frame(rootDir, f, around = 2) {
  let text;
  try {
    text = readFileSync(resolve(rootDir, f.file), "utf8");
  } catch {
    return "";
  }
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === "") lines.pop(); // the newline that ends the last line
  const first = Math.max(1, f.line - around);
  const last = Math.min(lines.length, f.line + around);
  const width = String(last).length;
  const out = [];
  // As Vite's own frames: the number first (the overlay trims the frame's leading spaces).
  for (let n = first; n <= last; n++) {
    out.push(`${String(n).padEnd(width)} | ${clean(lines[n - 1] ?? "")}`);
    if (n === f.line) out.push(`${" ".repeat(width)} | ${" ".repeat(Math.max(0, f.column - 1))}^`);
  }
  return out.join("\n");
}
