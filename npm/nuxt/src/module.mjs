// qalint inside Nuxt: `modules: ['@nuxt/content', '@qalint/nuxt']`, options under `qalint`.
// The site's content.config.ts becomes qalint's schema, `nuxi build`/`generate` stop on
// findings (and whenever qalint cannot answer), `nuxi dev` shows findings on every save, and
// Nuxt DevTools gets a qalint tab with the whole site's findings.
// Nothing is linted here: the qalint binary is (src/setup.mjs says what runs when).
import { createRequire } from "node:module";
import { addCustomTab } from "@nuxt/devtools-kit";
import { defineNuxtModule, getNuxtModuleVersion, hasNuxtModule } from "@nuxt/kit";
import { defaults, setupQalint, underNuxiCommand } from "./setup.mjs";
import { zodSchemas } from "./zod.mjs";

const require = createRequire(import.meta.url);

export default defineNuxtModule({
  meta: {
    name: "@qalint/nuxt",
    configKey: "qalint",
    compatibility: { nuxt: ">=3.15.0" },
  },
  defaults,
  async setup(options, nuxt) {
    // Findings as plain lines, one each (a terminal makes `file:line:col` a link): written
    // to the streams, not through the console nuxi decorates. Notes are tagged.
    const logger = {
      error: (text) => process.stderr.write(`${text}\n`),
      warn: (text) => process.stderr.write(`${text}\n`),
      info: (text) => process.stdout.write(`[qalint] ${text}\n`),
      // GitHub's workflow commands, on standard output where @actions/core writes them.
      annotate: (text) => process.stdout.write(`${text}\n`),
    };
    const contentVersion = hasNuxtModule("@nuxt/content", nuxt)
      ? (await getNuxtModuleVersion("@nuxt/content", nuxt)) || null
      : null;
    if (!contentVersion) {
      logger.warn("@nuxt/content is not in `modules`: qalint/nuxt has no collections to check");
      return;
    }
    const findBinary = () => require("qalint/platform").findBinary();
    // Under the nuxi command a stopped build ends the process at once, without waiting for
    // Nuxt Content to parse every page; a build run from a program (a test runner) is never
    // ended under it: there the build stops by throwing, a little later.
    const exitEarly = underNuxiCommand() ? (code) => process.exit(code) : undefined;
    setupQalint(options, nuxt, { findBinary, contentVersion, logger, zodSchemas, exitEarly, addCustomTab });
  },
});

