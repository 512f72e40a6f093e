/** A page to check: its path (relative, as `content/python/basics/a.md`) and text. */
export interface Page {
  path: string;
  text: string;
  /** A collection's JSON Schema (text or object), as `qalint --schema` takes it. */
  schema?: string | object;
  /** A `qalint.toml`'s text (a `schema` file cannot be named here: pass `schema`). */
  config?: string;
  /** Count and apply unsafe fixes too (`--unsafe-fixes`). */
  unsafeFixes?: boolean;
}

export interface Edit {
  file: string;
  line: number;
  column: number;
  end_line: number;
  end_column: number;
  content: string;
}

/** One finding, in the shape of `qalint --format json`. */
export interface Finding {
  code: string;
  rule: string;
  severity: 'error' | 'warning';
  message: string;
  help?: string;
  file: string;
  line: number;
  column: number;
  end_line: number;
  end_column: number;
  fix: { applicability: 'safe' | 'unsafe'; message: string; edits: Edit[] } | null;
}

export function init(
  source?: BufferSource | Response | Promise<Response> | URL | string | WebAssembly.Module,
): Promise<void>;
export function check(page: Page): Finding[];
export function fix(page: Page): { text: string; applied: number; findings: Finding[] };

/** Many pages, and how the `qalint` command was asked to report them. */
export interface Run {
  /** Each page's text, or its bytes when they are not UTF-8. */
  pages: ({ path: string; text: string } | { path: string; bytes: Uint8Array })[];
  format: 'pretty' | 'concise' | 'json' | 'github' | 'sarif';
  /** Fix the pages (`--fix`): their fixed texts come back, nothing is written. */
  fix?: boolean;
  unsafeFixes?: boolean;
  config?: string;
  schema?: string | object;
}

/** What `qalint` prints for the pages: `output` on standard output, the summaries on
 * standard error; `errors` and `warnings` decide the exit code. */
export interface RunResult {
  output: string;
  summary: string | null;
  fixedSummary: string | null;
  errors: number;
  warnings: number;
  fixed: { path: string; text: string; applied: number }[];
  notFixed: { path: string; error: string }[];
}

export function run(options: Run): RunResult;
