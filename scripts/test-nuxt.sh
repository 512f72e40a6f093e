#!/usr/bin/env bash
# Proves the Nuxt module on a real Nuxt 3 + @nuxt/content 3 app (fixtures/nuxt-app, whose
# content.config.ts has fields of its own), with qalint installed from the tarballs that
# scripts/npm-pack.sh wrote into TARBALLS:
#   - `nuxi prepare` records the collections Nuxt Content derived (the same as the fixture the
#     Rust tests read), and the CLI then checks the site's own schema: the clean site passes;
#   - with two pages that break content.config.ts, the CLI finds exactly those, and
#     `nuxi generate` fails naming file, line and column; fixed, it builds;
#   - `nuxi dev` prints a finding when a page is saved broken, and a real browser (Debian's
#     Chromium, playwright-core) sees it in Vite's overlay, gone once the page is fixed.
#   scripts/test-nuxt.sh TARBALLS
set -euo pipefail
source "$(dirname "$0")/common.sh"
tarballs=$(cd "${1:?usage: scripts/test-nuxt.sh TARBALLS}" && pwd)
npm_tarballs "$tarballs"
work=$(mktemp -d)
dev_pid=
cleanup() {
  [ -z "$dev_pid" ] || kill "$dev_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
export NO_COLOR=1 NUXT_TELEMETRY_DISABLED=1
app="$work/app"
cp -R "$repo/fixtures/nuxt-app" "$app"
cd "$app"
# qalint from the tarballs: the main package, and this machine's platform package in place of
# the registry's.
node -e '
  const fs = require("fs");
  const [main, nuxt, platform, platformTgz] = process.argv.slice(1);
  const p = JSON.parse(fs.readFileSync("package.json", "utf8"));
  p.devDependencies = { qalint: "file:" + main, "@qalint/nuxt": "file:" + nuxt };
  p.overrides = { qalint: "file:" + main, [platform]: "file:" + platformTgz };
  fs.writeFileSync("package.json", JSON.stringify(p, null, 2));
' "$main" "$nuxt_tgz" "$platform" "$platform_tgz"

echo "--- install the app (npm, its lock file)"
npm install --no-audit --no-fund --loglevel=error
# npm 11 asks before install scripts; better-sqlite3 builds against the system's Node headers
# where nodejs.org (its prebuilt binaries, the headers) is out of reach.
npm install-scripts approve better-sqlite3 esbuild > /dev/null 2>&1 || true
if [ -d /usr/include/node ]; then export npm_config_nodedir=/usr; fi
npm rebuild better-sqlite3 esbuild > /dev/null

echo "--- nuxi prepare records Nuxt Content's collections"
npx nuxi prepare > "$work/prepare.log" 2>&1 || { cat "$work/prepare.log"; echo "FAIL: nuxi prepare"; exit 1; }
test -s .nuxt/qalint/collections.json || { cat "$work/prepare.log"; echo "FAIL: no .nuxt/qalint/collections.json"; exit 1; }
tail -n +2 .nuxt/qalint/collections.json \
  | python3 -c 'import json, sys; print(json.dumps(json.load(sys.stdin), indent=2).replace(sys.argv[1], "<root>"))' "$app" \
  > "$work/collections.json"
diff -u "$repo/fixtures/nuxt-app/qalint-collections.json" "$work/collections.json" \
  || { echo "FAIL: Nuxt Content's collections changed: update fixtures/nuxt-app/qalint-collections.json"; exit 1; }
echo "ok: the collections recorded are the fixture the Rust tests read"

qalint() { node node_modules/qalint/bin/qalint.js --no-cache "$@"; }
qalint > "$work/clean.txt" 2>&1 || { cat "$work/clean.txt"; echo "FAIL: the clean site has findings"; exit 1; }
echo "ok: the clean site passes its own content.config.ts (no unknown tags, reviewedBy, timeMinutes)"

echo "--- two pages that break content.config.ts"
cp -R broken/content/. content/
expected="content/python/concurrency/asyncio.md:27:18: QA001 [schema] questions[0].timeMinutes: expected a number, found a string
content/python/concurrency/threads.md:13:7: QA001 [schema] tags: expected a list, found a string"
set +e
got=$(qalint --format concise --quiet)
code=$?
set -e
[ "$code" = 1 ] && [ "$got" = "$expected" ] \
  || { printf '%s\n' "$got"; echo "FAIL: qalint (exit $code) did not find exactly the two violations"; exit 1; }
echo "ok: the CLI finds exactly the two violations"
if npx nuxi generate > "$work/generate-broken.log" 2>&1; then
  cat "$work/generate-broken.log"; echo "FAIL: nuxi generate passed with broken pages"; exit 1
fi
while IFS= read -r line; do
  grep -qF "$line" "$work/generate-broken.log" \
    || { cat "$work/generate-broken.log"; echo "FAIL: nuxi generate did not print: $line"; exit 1; }
done <<< "$expected"
grep -q "qalint found 2 problems in the content (2 errors): the build stops" "$work/generate-broken.log" \
  || { cat "$work/generate-broken.log"; echo "FAIL: nuxi generate does not say why it stops"; exit 1; }
echo "ok: nuxi generate fails, naming file, line and column"

cp -R "$repo/fixtures/nuxt-app/content/." content/
npx nuxi generate > "$work/generate.log" 2>&1 || { cat "$work/generate.log"; echo "FAIL: nuxi generate failed on the fixed site"; exit 1; }
test -s .output/public/python/concurrency/threads/_payload.json \
  || { cat "$work/generate.log"; echo "FAIL: no payload written"; exit 1; }
echo "ok: fixed, nuxi generate builds ($(find .output/public -name _payload.json | wc -l) payloads)"

echo "--- nuxi dev: the terminal and Vite's overlay in a real browser"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
npx nuxi dev --port "$port" > "$work/dev.log" 2>&1 &
dev_pid=$!
for _ in $(seq 1 120); do
  curl -sf "http://localhost:$port/python/concurrency/threads" > /dev/null && break
  sleep 1
done
curl -sf "http://localhost:$port/python/concurrency/threads" > /dev/null \
  || { cat "$work/dev.log"; echo "FAIL: nuxi dev did not serve the page"; exit 1; }
grep -q "\[qalint\] content checked: no problems" "$work/dev.log" \
  || { cat "$work/dev.log"; echo "FAIL: nuxi dev did not lint at start"; exit 1; }
node "$repo/.ci/tools/nuxt-overlay.mjs" "http://localhost:$port/python/concurrency/threads" \
  "$app/content/python/concurrency/threads.md" \
  "$app/broken/content/python/concurrency/threads.md" \
  "$repo/fixtures/nuxt-app/content/python/concurrency/threads.md"
grep -qF "content/python/concurrency/threads.md:13:7: QA001 [schema] tags: expected a list, found a string" "$work/dev.log" \
  || { cat "$work/dev.log"; echo "FAIL: nuxi dev did not print the finding"; exit 1; }
echo "ok: nuxi dev printed the finding in its terminal"
