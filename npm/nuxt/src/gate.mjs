// `nuxi build` / `nuxi generate`: the content is linted as Nuxt loads, and the build stops on
// what `failOn` names, and whenever qalint cannot give a clean answer (fail closed). What
// qalint-suppressions.json records is not in qalint's answer.
import { relative, resolve } from "node:path";
import { annotation, clean, count, line } from "./report.mjs";

/** Stops the build with a message and no stack trace: a finding is no crash. */
export class BuildStop extends Error {
  constructor(message) {
    super(message);
    this.name = "QalintBuildStop";
    // nuxi prints the stack when there is one; this one would point into the module.
    this.stack = `${this.name}: ${message}`;
  }
}

/**
 * Lints and decides. `lintContent()` resolves with qalint's answer; `out` has `error`, `warn`,
 * `info` (console-like) and `annotate` (a workflow command, to standard output as
 * @actions/core writes it). Throws BuildStop when the build must stop. `github`: in GitHub
 * Actions, `{ rootDir, workspace }` (the site and the repository's top), and each finding is
 * an annotation on the pull request as well as a line in the log.
 */
export async function gate({ lintContent, failOn = "error", warnings = true, out, github }) {
  const answer = await lintContent();
  if (!answer.ok) {
    const why = clean(answer.why);
    if (failOn === false) {
      out.warn(`qalint could not check the content: ${why} (failOn: false: building anyway)`);
      return;
    }
    throw new BuildStop(
      `qalint could not check the content, so the build stops: ${why}. ` +
        "Set `qalint: { failOn: false }` in nuxt.config to build without it.",
    );
  }
  const findings = answer.findings;
  for (const f of findings) {
    if (f.severity !== "error" && !warnings) continue;
    const say = f.severity === "error" ? out.error : out.warn;
    say(line(f));
    if (github) out.annotate(annotation(f, relative(github.workspace, resolve(github.rootDir, f.file))));
  }
  const errors = findings.filter((f) => f.severity === "error").length;
  const failing = failOn === "warning" ? findings.length : failOn === false ? 0 : errors;
  if (failing > 0) {
    throw new BuildStop(
      `qalint found ${count(findings)} in the content: the build stops. Fix them (\`npx qalint --fix\` ` +
        "repairs the trivial ones), record them with `npx qalint --suppress-all` to fix them page by page, " +
        "or set `qalint: { failOn: false }` in nuxt.config.",
    );
  }
  const kept = answer.suppressed ? ` (${answer.suppressed} more suppressed by qalint-suppressions.json)` : "";
  out.info(findings.length ? `${count(findings)} in the content${kept}; building` : `content checked: no problems${kept}`);
}
