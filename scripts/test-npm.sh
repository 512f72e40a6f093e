#!/usr/bin/env bash
# Proves the npm route with the real clients: the tarballs scripts/npm-pack.sh wrote into
# TARBALLS are installed into scratch projects with npm and with pnpm (our own packages never
# come from the registry: overrides point at the tarballs), `npx qalint` runs and lints, and
# with optional dependencies left out the shim says which package is missing.
#   scripts/test-npm.sh TARBALLS
set -euo pipefail
source "$(dirname "$0")/common.sh"
tarballs=$(cd "${1:?usage: scripts/test-npm.sh TARBALLS}" && pwd)
npm_tarballs "$tarballs"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

scratch() { # folder: a copy of the fixture site with qalint as a dev dependency
  mkdir -p "$1"
  cp -R "$repo/fixtures/site/." "$1/"
  cat > "$1/package.json" <<JSON
{
  "name": "scratch",
  "private": true,
  "devDependencies": { "qalint": "file:$main" },
  "overrides": { "$platform": "file:$platform_tgz", "@qalint/wasm": "file:$wasm_tgz" },
  "pnpm": { "overrides": { "$platform": "file:$platform_tgz", "@qalint/wasm": "file:$wasm_tgz" } }
}
JSON
}

expect_lint() { # folder, how it was installed
  local got
  got=$(cd "$1" && npx --no-install qalint --version)
  [ "$got" = "qalint $want" ] || { echo "FAIL ($2): --version said '$got'"; exit 1; }
  set +e
  (cd "$1" && npx --no-install qalint --no-cache --format concise content > "$work/lint.txt" 2> "$work/lint.err")
  code=$?
  set -e
  [ "$code" = 1 ] || { cat "$work/lint.err"; echo "FAIL ($2): lint exited $code, not 1"; exit 1; }
  (cd "$1" && "$binary" --no-cache --format concise content > "$work/direct.txt" 2>/dev/null) || true
  cmp -s "$work/lint.txt" "$work/direct.txt" \
    || { diff "$work/direct.txt" "$work/lint.txt"; echo "FAIL ($2): npx qalint differs from the binary"; exit 1; }
  echo "ok ($2): npx qalint --version, and its findings are the binary's ($(wc -l < "$work/lint.txt") lines, exit 1)"
}

# The binary the platform package ships, to compare the shim's output with.
mkdir -p "$work/bin"
tar -xzf "$platform_tgz" -C "$work/bin"
binary=$(ls "$work"/bin/package/qalint*)

echo "--- npm"
scratch "$work/with-npm"
(cd "$work/with-npm" && npm install --no-audit --no-fund --loglevel=error)
expect_lint "$work/with-npm" npm

echo "--- pnpm"
npm install --prefix "$work/tools" --no-audit --no-fund --loglevel=error pnpm@10.34.8 >/dev/null
scratch "$work/with-pnpm"
(cd "$work/with-pnpm" && "$work/tools/node_modules/.bin/pnpm" install --reporter=silent)
expect_lint "$work/with-pnpm" pnpm

echo "--- npm --omit=optional: the shim names the missing package"
scratch "$work/omitted"
(cd "$work/omitted" && npm install --omit=optional --no-audit --no-fund --loglevel=error)
set +e
(cd "$work/omitted" && npx --no-install qalint --version > "$work/omit.out" 2> "$work/omit.err")
code=$?
set -e
[ "$code" = 2 ] || { cat "$work/omit.err"; echo "FAIL: exit $code without the platform package, not 2"; exit 1; }
grep -q "the package $platform, which holds qalint's binary for this machine, is not installed" "$work/omit.err" \
  && grep -q -- "--omit=optional" "$work/omit.err" \
  || { cat "$work/omit.err"; echo "FAIL: the message does not name $platform and why"; exit 1; }
echo "ok (npm --omit=optional): exit 2, names $platform"

echo "--- no platform package: the launcher runs the WebAssembly build (@qalint/wasm)"
scratch "$work/fallback"
(cd "$work/fallback" && npm install --no-audit --no-fund --loglevel=error)
rm -rf "$work/fallback/node_modules/$platform"
set +e
(cd "$work/fallback" && npx --no-install qalint --no-cache --format concise content > "$work/fb.txt" 2> "$work/fb.err")
code=$?
set -e
[ "$code" = 1 ] || { cat "$work/fb.err"; echo "FAIL (fallback): exit $code, not 1"; exit 1; }
[ "$(grep -c "running qalint's WebAssembly build" "$work/fb.err")" = 1 ] \
  || { cat "$work/fb.err"; echo "FAIL (fallback): it does not say once that it runs the WebAssembly build"; exit 1; }
# Each page on its own: the same findings as the binary's but those of the cross-file step.
(cd "$work/fallback" && "$binary" --no-cache --format concise content > "$work/native.txt" 2>/dev/null) || true
only_own() { grep -v -E ': (QA004|QA005|QA100) ' "$1" || true; }
cmp -s <(only_own "$work/native.txt") <(only_own "$work/fb.txt") \
  || { diff <(only_own "$work/native.txt") <(only_own "$work/fb.txt"); echo "FAIL (fallback): findings differ from the binary's"; exit 1; }
echo "ok (fallback): $(wc -l < "$work/fb.txt") findings, each page's own as the binary's, exit 1"

echo "--- QALINT_BINARY and signals"
[ "$(cd "$work/omitted" && QALINT_BINARY="$binary" npx --no-install qalint --version)" = "qalint $want" ]
# The server waits on a pipe nobody writes to: only a signal ends it.
mkfifo "$work/in"
(cd "$work/with-npm" && exec node node_modules/qalint/bin/qalint.js server < "$work/in" > /dev/null 2>&1) &
shim=$!
exec 3> "$work/in"
sleep 1
kill -TERM "$shim"
set +e
wait "$shim"
code=$?
set -e
[ "$code" = 143 ] || { echo "FAIL: the shim ended with $code after SIGTERM, not 143 (128 + 15)"; exit 1; }
exec 3>&-
echo "ok: QALINT_BINARY is used; SIGTERM reaches qalint and the shim dies of it (exit 143)"

echo "--- @qalint/wasm from its tarball: check and fix in Node, as the binary does"
mkdir -p "$work/with-wasm"
(cd "$work/with-wasm" && npm init -y > /dev/null \
  && npm install --no-audit --no-fund --loglevel=silent "$tarballs/qalint-wasm-$want.tgz" > /dev/null)
page="$repo/fixtures/site/content/javascript/async/callbacks.md"
(cd "$repo/fixtures/site" && "$binary" --no-cache --format json --ignore QA004,QA005,QA100 \
  --stdin-filename content/javascript/async/callbacks.md < "$page" > "$work/wasm-expected.json") || true
(cd "$work/with-wasm" && node --input-type=module -e '
  import { init, check, fix } from "@qalint/wasm";
  import { readFileSync } from "node:fs";
  const [page, expected, gil] = process.argv.slice(1);
  await init();
  const got = check({ path: "content/javascript/async/callbacks.md", text: readFileSync(page, "utf8") });
  const want = JSON.parse(readFileSync(expected, "utf8"));
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    console.error(JSON.stringify({ got, want }, null, 2));
    process.exit(1);
  }
  const text = readFileSync(gil, "utf8");
  const fixed = fix({ path: "content/python/concurrency/gil.md", text: text.replace("```python", "```"), unsafeFixes: true });
  if (fixed.text !== text || fixed.applied !== 1) { console.error(fixed); process.exit(1); }
  console.log(`ok (@qalint/wasm): ${got.length} findings as the binary says them; the unlabeled fence labeled back`);
'   "$page" "$work/wasm-expected.json" "$repo/fixtures/site/content/python/concurrency/gil.md")

echo "--- what the shim adds (median of 20 runs of --version)"
python3 - "$binary" "$work/with-npm" <<'PY'
import statistics, subprocess, sys, time
binary, project = sys.argv[1], sys.argv[2]
def median(cmd):
    times = []
    for _ in range(20):
        t = time.perf_counter()
        subprocess.run(cmd, cwd=project, stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000
direct = median([binary, "--version"])
shim = median(["node", "node_modules/.bin/qalint", "--version"])
npx = median(["npx", "--no-install", "qalint", "--version"])
print(f"binary {direct:.1f} ms, node_modules/.bin/qalint {shim:.1f} ms, npx qalint {npx:.1f} ms")
PY
