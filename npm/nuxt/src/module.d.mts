import type { NuxtModule } from "nuxt/schema";

/** Options of `@qalint/nuxt`, under `qalint` in nuxt.config (or `qalint: false` to turn it off). */
export interface ModuleOptions {
  /** Run qalint at all. Default: `true`. */
  enabled: boolean;
  /**
   * What stops `nuxi build` and `nuxi generate`: `"error"` (the default) stops on error
   * findings, `"warning"` on any finding, `false` never (findings are printed). With anything
   * but `false`, a qalint that cannot answer (missing, crashed, timed out) stops the build too.
   */
  failOn: "error" | "warning" | false;
  /** Show the first error in Vite's overlay during `nuxi dev`. Default: `true`. */
  overlay: boolean;
  /**
   * A qalint tab in Nuxt DevTools during `nuxi dev` (where DevTools is enabled): every
   * finding of the site by collection and page, live, with open-in-editor and safe fixes.
   * Default: `true`.
   */
  devtools: boolean;
  /** Print warnings, not only errors. Default: `true`. */
  warnings: boolean;
  /** Seconds a lint may take before it counts as a failure. Default: `120`. */
  timeout: number;
  /**
   * Fields (`collection.field`, `collection.author.name`, `collection.tags[]`) whose zod
   * constraint qalint cannot check as zod does (a `.refine()`, a `.transform()`, a `.trim()`
   * before a bound), accepted as checked less strictly. Without it, such a field stops
   * `nuxi prepare` naming it. Default: `[]`.
   */
  uncheckedFields: string[];
}

declare const module: NuxtModule<ModuleOptions>;
export default module;

// Both names, as Nuxt's module builder writes them: an app may resolve only `nuxt/schema`.
declare module "@nuxt/schema" {
  interface NuxtConfig {
    qalint?: Partial<ModuleOptions> | false;
  }
  interface NuxtOptions {
    qalint?: ModuleOptions | false;
  }
}

declare module "nuxt/schema" {
  interface NuxtConfig {
    qalint?: Partial<ModuleOptions> | false;
  }
  interface NuxtOptions {
    qalint?: ModuleOptions | false;
  }
}
