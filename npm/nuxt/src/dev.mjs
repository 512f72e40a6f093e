// `nuxi dev`: the whole list once at start, then on each save what changed — the saved page's
// findings, findings that appeared or went elsewhere (an order, a link), one summary line —
// and Vite's overlay showing the saved page's first error. Lints run one at a time; saves that
// arrive during one are linted together right after it, so the newest answer always wins.
import { resolve } from "node:path";
import { clean, count, frame, key, line } from "./report.mjs";

export class DevLoop {
  /**
   * `lintContent()` resolves with qalint's answer; `out` is console-like; `rootDir` the site.
   * `overlay: false` never sends to the browser; `warnings: false` hides warnings.
   */
  constructor({ lintContent, rootDir, out, overlay = true, warnings = true }) {
    Object.assign(this, { lintContent, rootDir, out, showOverlay: overlay, warnings });
    this.previous = null; // the last answer's findings
    this.pending = new Set(); // files saved since the last lint started (relative to rootDir)
    this.running = null;
    this.vite = null;
    this.latest = null; // what the overlay shows now: an error payload, or null
    this.runs = 0;
    this.listeners = [];
  }

  /** `fn(answer)` after each lint has been printed (the DevTools tab); awaited before the
   * next lint starts. */
  listen(fn) {
    this.listeners.push(fn);
  }

  shown(findings) {
    return this.warnings ? findings : findings.filter((f) => f.severity === "error");
  }

  /** The first lint: every finding. */
  start() {
    return this.schedule(null);
  }

  /** A file was saved, created or deleted (an absolute path or one relative to the site). */
  saved(file) {
    this.pending.add(resolve(this.rootDir, file));
    return this.schedule(file);
  }

  schedule() {
    if (!this.running) this.running = this.loop();
    return this.running;
  }

  /** Lints until no save is pending. `running` is cleared in the same step that finds none
   * pending, so a save can never land between the two and wait for the next one. */
  async loop() {
    try {
      for (;;) {
        const saved = [...this.pending];
        this.pending.clear();
        await this.once(saved);
        if (this.pending.size === 0) {
          this.running = null;
          return;
        }
      }
    } catch (error) {
      this.running = null;
      throw error;
    }
  }

  async once(saved) {
    this.runs++;
    const answer = await this.lintContent();
    if (!answer.ok) {
      const why = `qalint could not check the content: ${clean(answer.why)}`;
      this.out.error(why);
      this.send({ message: why, plugin: "qalint", stack: "" });
    } else this.show(answer.findings, saved);
    // After the terminal and the overlay have it: a listener never delays them.
    for (const fn of this.listeners) await fn(answer);
  }

  show(findings, saved) {
    const first = this.previous === null;
    const before = this.previous ?? [];
    this.previous = findings;
    const savedFiles = new Set(saved.map((p) => this.relative(p)));
    if (first) {
      for (const f of this.shown(findings)) this.print(f);
    } else {
      this.report(before, findings, savedFiles);
    }
    this.out.info(findings.length ? `${count(findings)} in the content` : "content checked: no problems");
    this.overlay(findings, savedFiles);
  }

  relative(abs) {
    const root = this.rootDir.endsWith("/") ? this.rootDir : `${this.rootDir}/`;
    return abs.startsWith(root) ? abs.slice(root.length) : abs;
  }

  print(f, prefix = "") {
    (f.severity === "error" ? this.out.error : this.out.warn)(prefix + line(f));
  }

  /** What changed: each saved file's findings (or that it is clean), then findings that
   * appeared in or left other files. */
  report(before, after, savedFiles) {
    const was = new Set(before.map(key));
    const now = new Set(after.map(key));
    for (const file of savedFiles) {
      const mine = this.shown(after.filter((f) => f.file === file));
      const fixed = before.filter((f) => f.file === file && !now.has(key(f))).length;
      const note = fixed ? ` (${fixed} fixed)` : "";
      if (mine.length === 0) this.out.info(`${clean(file)}: no problems${note}`);
      else {
        for (const f of mine) this.print(f);
        if (note) this.out.info(`${clean(file)}:${note}`);
      }
    }
    for (const f of this.shown(after)) {
      if (!savedFiles.has(f.file) && !was.has(key(f))) this.print(f, "new: ");
    }
    for (const f of this.shown(before)) {
      if (!savedFiles.has(f.file) && !now.has(key(f))) this.out.info(`fixed: ${line(f)}`);
    }
  }

  /** The overlay shows an error of a saved file first, else the first error of the site. */
  overlay(findings, savedFiles) {
    const errors = findings.filter((f) => f.severity === "error");
    if (errors.length === 0) {
      this.send(null);
      return;
    }
    const f = errors.find((e) => savedFiles.has(e.file)) ?? errors[0];
    const others = errors.length - 1;
    const more = others > 0 ? `\n(${others} more error${others === 1 ? "" : "s"} in the content: see the terminal)` : "";
    const help = f.help ? `\nhelp: ${clean(f.help)}` : "";
    const file = resolve(this.rootDir, f.file);
    this.send({
      message: `${f.code} [${f.rule}] ${clean(f.message)}${help}${more}`,
      stack: "",
      id: file,
      frame: frame(this.rootDir, f),
      plugin: "qalint",
      loc: { file, line: f.line, column: f.column },
    });
  }

  /** Vite's dev server of the client build. */
  attach(vite) {
    this.vite = vite;
    // A browser that connects later (a reload) gets the current state.
    vite.ws.on("connection", () => this.resend());
  }

  send(err) {
    this.latest = err;
    this.resend();
  }

  resend() {
    if (!this.vite || !this.showOverlay) return;
    // An empty update clears Vite's error overlay.
    if (this.latest === null) this.vite.ws.send({ type: "update", updates: [] });
    else this.vite.ws.send({ type: "error", err: this.latest });
  }
}
