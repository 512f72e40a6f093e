// The module's one source of findings: qalint's answer for the site's content, or a failure
// that stops a build (fail closed). Shared by the build gate and the dev loop.
import { lint } from "./run.mjs";

/**
 * A function that lints the site's content folders and resolves with `{ ok: true, findings }`
 * or `{ ok: false, why }`.
 * - `binary()` returns the binary's path or throws (a missing platform package).
 * - `folders()` the content folders, relative to `rootDir`.
 */
export function contentLinter({ binary, rootDir, folders, timeoutMs }) {
  return async () => {
    let path;
    try {
      path = binary();
    } catch (error) {
      return { ok: false, why: error.message };
    }
    const paths = folders();
    if (paths.length === 0) return { ok: true, findings: [] };
    return lint(path, paths, { cwd: rootDir, timeoutMs });
  };
}
