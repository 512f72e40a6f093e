// @qalint/wasm: qalint's checks and fixes for one page, from the WebAssembly module built from
// crates/qalint_wasm. The module speaks JSON through four exports (qalint_alloc, qalint_free,
// qalint_check, qalint_fix); this file is the whole binding.

let exports_ = null;

/**
 * Loads the module: from `source` (bytes, a Response, a URL or a WebAssembly.Module), or, in
 * Node, from the qalint.wasm beside this file. Call once before check() and fix().
 */
export async function init(source) {
  if (exports_) return;
  const url = new URL('./qalint.wasm', import.meta.url);
  if (source === undefined) {
    if (typeof process !== 'undefined' && process.versions?.node) {
      const { readFile } = await import('node:fs/promises');
      source = await readFile(url);
    } else {
      source = fetch(url);
    }
  }
  if (source instanceof URL || typeof source === 'string') source = fetch(source);
  source = await source;
  // The module's one import: random bytes for its hash seeds.
  const imports = {
    qalint: {
      random_fill(ptr, len) {
        const view = new Uint8Array(instance.exports.memory.buffer, ptr, len);
        for (let at = 0; at < len; at += 65536) {
          globalThis.crypto.getRandomValues(view.subarray(at, Math.min(len, at + 65536)));
        }
      },
    },
  };
  let instance;
  if (source instanceof WebAssembly.Module) {
    instance = await WebAssembly.instantiate(source, imports);
  } else if (typeof Response !== 'undefined' && source instanceof Response) {
    const bytes = await source.arrayBuffer();
    ({ instance } = await WebAssembly.instantiate(bytes, imports));
  } else {
    ({ instance } = await WebAssembly.instantiate(source, imports));
  }
  exports_ = instance.exports;
}

function call(name, request) {
  if (!exports_) throw new Error('@qalint/wasm: call init() first');
  const bytes = new TextEncoder().encode(JSON.stringify(request));
  const ptr = exports_.qalint_alloc(bytes.length);
  new Uint8Array(exports_.memory.buffer, ptr, bytes.length).set(bytes);
  const packed = exports_[name](ptr, bytes.length);
  exports_.qalint_free(ptr, bytes.length);
  // The answer's pointer in the high 32 bits, its length in the low ones.
  const out = Number(BigInt.asUintN(64, packed) >> 32n);
  const len = Number(BigInt.asUintN(64, packed) & 0xffffffffn);
  // Memory may have grown during the call: take the buffer only now.
  const text = new TextDecoder().decode(new Uint8Array(exports_.memory.buffer, out, len));
  exports_.qalint_free(out, len);
  const answer = JSON.parse(text);
  if (answer.error !== undefined) throw new Error(answer.error);
  return answer;
}

function request({ path, text, schema, config, unsafeFixes }) {
  if (typeof path !== 'string' || typeof text !== 'string') {
    throw new TypeError('@qalint/wasm: `path` and `text` are strings');
  }
  return {
    path,
    text,
    ...(schema === undefined ? {} : { schema: typeof schema === 'string' ? schema : JSON.stringify(schema) }),
    ...(config === undefined ? {} : { config }),
    unsafeFixes: Boolean(unsafeFixes),
  };
}

/** The findings of one page, as `qalint --format json` writes them. */
export function check(options) {
  return call('qalint_check', request(options)).findings;
}

/** The page fixed as `qalint --fix` fixes it: `{ text, applied, findings }` (what remains). */
export function fix(options) {
  return call('qalint_fix', request(options));
}

/**
 * Many pages at once, as the `qalint` command reports them (its fallback where no native
 * binary runs): `{ output, summary, fixedSummary, errors, warnings, fixed, notFixed }`.
 */
export function run({ pages, format, fix: fixing, unsafeFixes, config, schema }) {
  if (!Array.isArray(pages) || typeof format !== 'string') {
    throw new TypeError('@qalint/wasm: `pages` is an array and `format` a string');
  }
  return call('qalint_run', {
    // A file that is not UTF-8 goes as its bytes: the module says where it stops being text.
    pages: pages.map(({ path, text, bytes }) =>
      bytes === undefined ? { path, text } : { path, bytes: Array.from(bytes) },
    ),
    format,
    fix: Boolean(fixing),
    unsafeFixes: Boolean(unsafeFixes),
    ...(config === undefined ? {} : { config }),
    ...(schema === undefined ? {} : { schema: typeof schema === 'string' ? schema : JSON.stringify(schema) }),
  });
}
