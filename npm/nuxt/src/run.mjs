// Running the qalint binary: one child, its output read whole and decoded once, bounded in
// time and size. Nothing here decides what a finding is; it only tells a clean answer (exit 0
// or 1 with qalint's JSON) from everything else, which the callers treat as a failure.
import { spawn } from "node:child_process";

/** Past this much output qalint's answer is not read (the binary caps findings per rule and
 * file, so only a broken binary gets here). */
export const MAX_OUTPUT = 64 * 1024 * 1024;

/**
 * Runs `binary args` in `cwd`, writing `input` to its standard input.
 * Resolves (never rejects) with `{ ok: true, code, stdout, stderr }` when qalint exited by
 * itself, else `{ ok: false, why }`: it could not start, was killed by a signal, passed
 * `timeoutMs` (then it is killed) or printed more than `maxOutput` bytes.
 */
export function runQalint(binary, args, { cwd, input = "", timeoutMs = 0, maxOutput = MAX_OUTPUT, env } = {}) {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result) => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        resolve(result);
      }
    };
    let child;
    try {
      child = spawn(binary, args, { cwd, env, stdio: ["pipe", "pipe", "pipe"], windowsHide: true });
    } catch (error) {
      settle({ ok: false, why: `cannot run ${binary}: ${error.message}` });
      return;
    }
    const out = [];
    const err = [];
    let outBytes = 0;
    let errBytes = 0;
    let stopped = null;
    const stop = (why) => {
      if (stopped === null) {
        stopped = why;
        child.kill("SIGKILL");
        // Not waiting for the pipes to close: a grandchild may hold them open.
        child.stdout.destroy();
        child.stderr.destroy();
        settle({ ok: false, why, stderr: Buffer.concat(err).toString("utf8") });
      }
    };
    const timer = timeoutMs > 0
      ? setTimeout(() => stop(`qalint gave no answer in ${timeoutMs / 1000} s (the \`timeout\` option)`), timeoutMs)
      : undefined;
    child.stdout.on("data", (chunk) => {
      outBytes += chunk.length;
      if (outBytes > maxOutput) stop(`qalint printed more than ${Math.round(maxOutput / 1048576)} MB`);
      else out.push(chunk);
    });
    child.stderr.on("data", (chunk) => {
      // Enough of standard error to say what went wrong, never all of it.
      if (errBytes < 65536) err.push(chunk);
      errBytes += chunk.length;
    });
    // qalint may exit before it reads its input (EPIPE): its exit status says what happened.
    child.stdin.on("error", () => {});
    child.on("error", (error) => {
      const why = error.code === "ENOENT"
        ? `${binary} does not exist`
        : error.code === "EACCES"
          ? `${binary} is not executable`
          : `cannot run ${binary}: ${error.message}`;
      settle({ ok: false, why });
    });
    child.on("close", (code, signal) => {
      const stderr = Buffer.concat(err).toString("utf8");
      if (stopped !== null) settle({ ok: false, why: stopped, stderr });
      else if (signal) settle({ ok: false, why: `qalint was killed by ${signal}`, stderr });
      else settle({ ok: true, code, stdout: Buffer.concat(out).toString("utf8"), stderr });
    });
    child.stdin.end(input);
  });
}

/** The last lines of standard error, for a message (qalint's own `qalint: error: …`). */
export function tail(stderr, lines = 5) {
  const kept = String(stderr || "").trim().split("\n").slice(-lines).join("\n");
  return kept ? `: ${kept}` : "";
}

const SEVERITIES = ["error", "warning"];
const FIELDS = { file: "string", line: "number", column: "number", code: "string", rule: "string", severity: "string", message: "string" };

/**
 * Lints `paths` (relative to `cwd`) with `--format json` and resolves with
 * `{ ok: true, findings, suppressed }` (how many findings qalint-suppressions.json kept out)
 * or `{ ok: false, why }`: an exit other than 0 or 1, output that is
 * not qalint's JSON, or exit 1 without a finding are failures, never a clean answer.
 */
export async function lint(binary, paths, { cwd, timeoutMs, extraArgs = [] }) {
  // `--` first: a folder name from a config is never an option.
  const result = await runQalint(binary, ["--format", "json", ...extraArgs, "--", ...paths], { cwd, timeoutMs });
  if (!result.ok) return { ok: false, why: result.why + tail(result.stderr) };
  if (result.code !== 0 && result.code !== 1) {
    return { ok: false, why: `qalint exited with code ${result.code}${tail(result.stderr)}` };
  }
  let findings;
  try {
    findings = JSON.parse(result.stdout);
  } catch {
    return { ok: false, why: `qalint's output is not JSON: ${JSON.stringify(result.stdout.slice(0, 120))}` };
  }
  // A severity qalint does not write is no answer (taken as a warning, it would pass a gate).
  const bad = !Array.isArray(findings)
    ? "not a list"
    : findings.find((f) => !f || typeof f !== "object" || Object.entries(FIELDS).some(([k, t]) => typeof f[k] !== t)
      || !SEVERITIES.includes(f.severity));
  if (bad) {
    return { ok: false, why: `qalint's output is not a list of findings: ${JSON.stringify(bad).slice(0, 120)}` };
  }
  if (result.code === 1 && findings.length === 0) {
    return { ok: false, why: `qalint exited with code 1 but reported no finding${tail(result.stderr)}` };
  }
  // What qalint-suppressions.json kept out of the answer, as the binary says it.
  const suppressed = Number(/^(\d+) findings? suppressed by qalint-suppressions\.json\.$/m.exec(result.stderr ?? "")?.[1] ?? 0);
  return { ok: true, findings, suppressed };
}
