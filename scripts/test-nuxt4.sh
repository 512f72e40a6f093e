#!/usr/bin/env bash
# Proves the Nuxt module on Nuxt 4, as a team starts a site today (fixtures/nuxt4-app: Nuxt 4.5,
# app/ as srcDir, content/ and content.config.ts at the root, zod 4.6 from `zod`), with qalint
# installed from the tarballs that scripts/npm-pack.sh wrote into TARBALLS:
#   - `nuxi prepare` records the collections, and every bound and format of the zod 4 schema
#     reaches the record (Nuxt Content's own converter drops them): the clean site passes, each
#     broken page is found at its line and column;
#   - a constraint the record cannot hold (a `.refine()`) stops `nuxi prepare` naming the field,
#     and `uncheckedFields` accepts it;
#   - on generated pages over Nuxt Content's `z`, `zod/v4` and `zod` (all zod 4.6 but the
#     first), qalint's verdict is zod's own (fixtures/zod-agreement);
#   - on four real public sites (fixtures/real-sites), qalint checks exactly the files Nuxt
#     Content serves, and its verdict on each is the site's schema's;
#   - `nuxi generate` fails on the broken pages naming file, line and column, builds when fixed,
#     and its payloads pass;
#   - `nuxi dev` prints a finding when a page is saved broken, and Debian's Chromium sees it in
#     Vite's overlay; a page deleted from content/ (outside app/) gives its findings within 1 s;
#   - the qalint tab of the real Nuxt DevTools (.ci/tools/nuxt-devtools.mjs): a save shows in
#     it within 1 s, a finding opens in the editor through DevTools, the Fix button fixes the
#     page through the binary, a deletion shows; another origin is refused.
# Nuxt 4.5 needs Node 22: the `node@22` npm package gives it where the machine's node is older.
#   scripts/test-nuxt4.sh TARBALLS
set -euo pipefail
source "$(dirname "$0")/common.sh"
tarballs=$(cd "${1:?usage: scripts/test-nuxt4.sh TARBALLS}" && pwd)
# QALINT_SCREENSHOTS=DIR: keep the picture the docs show (the DevTools tab) in DIR.
screenshots=${QALINT_SCREENSHOTS:+$(cd "$QALINT_SCREENSHOTS" && pwd)}
npm_tarballs "$tarballs"
work=$(mktemp -d)
dev_pid=
cleanup() {
  # nuxi dev runs in a session of its own (setsid): the whole group goes, its workers too.
  [ -z "$dev_pid" ] || kill -- -"$dev_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
export NO_COLOR=1 NUXT_TELEMETRY_DISABLED=1
unset QALINT_BINARY

if [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 22 ]; then
  echo "--- Node 22 from the node@22 npm package (this machine has $(node --version))"
  mkdir -p "$work/node22"
  printf '{ "private": true, "allowScripts": { "node": true } }\n' > "$work/node22/package.json"
  (cd "$work/node22" && npm install --no-audit --no-fund --loglevel=error node@22 > /dev/null)
  export PATH="$work/node22/node_modules/.bin:$PATH"
fi
echo "node $(node --version)"

app="$work/app"
cp -R "$repo/fixtures/nuxt4-app" "$app"
cd "$app"
use_tarballs

echo "--- install the app (npm, its lock file)"
npm install --no-audit --no-fund --loglevel=error
# npm 11 asks before install scripts; better-sqlite3 builds against the running Node's own
# headers (the node package ships them beside its binary), where nodejs.org is out of reach.
npm install-scripts approve better-sqlite3 esbuild > /dev/null 2>&1 || true
# The headers sit beside the binary (a system Node, /usr) or in the node package's own
# platform package (node@22 from npm).
for nodedir in "$(node -p 'require("path").resolve(process.execPath, "../..")')" \
               "$work"/node22/node_modules/node/node_modules/node-linux-*; do
  if [ -f "$nodedir/include/node/node_api.h" ]; then export npm_config_nodedir="$nodedir"; break; fi
done
npm rebuild better-sqlite3 esbuild > /dev/null
node -e 'require("better-sqlite3")(":memory:")' \
  || { echo "FAIL: better-sqlite3 does not load on node $(node --version)"; exit 1; }
qalint() { node node_modules/qalint/bin/qalint.js --no-cache "$@"; }

echo "--- nuxi prepare records the zod 4 schema with its bounds and formats"
npx nuxi prepare > "$work/prepare.log" 2>&1 || { cat "$work/prepare.log"; echo "FAIL: nuxi prepare"; exit 1; }
test -s .nuxt/qalint/collections.json || { cat "$work/prepare.log"; echo "FAIL: no record"; exit 1; }
qalint > "$work/clean.txt" 2>&1 || { cat "$work/clean.txt"; echo "FAIL: the clean Nuxt 4 site has findings"; exit 1; }
echo "ok: the clean site passes its own content.config.ts"
cp -R broken/content/. content/
expected="content/python/concurrency/asyncio.md:4:12: QA001 [schema] framework: \"P\" is shorter than 2 characters
content/python/concurrency/processes.md:12:11: QA001 [schema] reviewed: \"2023-12-25T00:00:00.000Z\" is not a calendar date as the schema's \`.date()\` takes it (such as 2024-01-02)
content/python/concurrency/threads.md:12:17: QA001 [schema] seoDescription: \"Threads\" is shorter than 10 characters"
set +e
got=$(qalint --format concise --quiet)
code=$?
set -e
[ "$code" = 1 ] && [ "$got" = "$expected" ] \
  || { printf '%s\n' "$got"; echo "FAIL: qalint (exit $code) did not find exactly the three pages that break zod 4's bounds and formats"; exit 1; }
echo "ok: zod 4 from \`zod\`: a min(), a string .date() and a max-bounded string are checked"

echo "--- a constraint the record cannot hold stops nuxi prepare, naming the field"
cp content.config.ts "$work/content.config.ts"
sed -i "s|        topic: z.string(),|        topic: z.string().refine((t) => t.length > 0),|" content.config.ts
grep -q "refine" content.config.ts
if npx nuxi prepare > "$work/refine.log" 2>&1; then
  cat "$work/refine.log"; echo "FAIL: nuxi prepare passed a .refine() it cannot check"; exit 1
fi
# nuxi's logger drops the backticks around code.
grep -qE "qalint cannot check the field .?topic.? of collection .?qa.? as zod does: it has a \.refine\(\) or \.superRefine\(\)" "$work/refine.log" \
  && grep -qF 'uncheckedFields: ["qa.topic"]' "$work/refine.log" \
  || { cat "$work/refine.log"; echo "FAIL: nuxi prepare did not name the field"; exit 1; }
echo "ok: a .refine() stops nuxi prepare, naming qa.topic"
sed -i "s|  telemetry: false,|  telemetry: false,\n  qalint: { uncheckedFields: ['qa.topic'] },|" nuxt.config.ts
npx nuxi prepare > "$work/refine.log" 2>&1 || { cat "$work/refine.log"; echo "FAIL: uncheckedFields did not accept qa.topic"; exit 1; }
cp "$work/content.config.ts" content.config.ts
sed -i "/uncheckedFields/d" nuxt.config.ts
echo "ok: uncheckedFields accepts it"
npx nuxi prepare > "$work/prepare.log" 2>&1 || { cat "$work/prepare.log"; echo "FAIL: nuxi prepare"; exit 1; }

echo "--- qalint agrees with zod on Nuxt 4: Nuxt Content's z, zod/v4 and zod (4.6)"
zapp="$work/zod-app"
mkdir -p "$zapp"
cp package.json nuxt.config.ts "$zapp/"
cp -R app "$zapp/"
ln -s "$app/node_modules" "$zapp/node_modules"
cp "$repo/fixtures/zod-agreement/content.config.ts" "$repo/fixtures/zod-agreement/agree.mjs" "$repo/fixtures/oracle/nuxt-date.mjs" "$zapp/"
node "$repo/fixtures/zod-agreement/generate.mjs" "$zapp/content"
(cd "$zapp" && npx nuxi prepare > "$work/zod-prepare.log" 2>&1) \
  || { cat "$work/zod-prepare.log"; echo "FAIL: nuxi prepare of the zod agreement site"; exit 1; }
set +e
(cd "$zapp" && node node_modules/qalint/bin/qalint.js --no-cache --format json content > "$work/zod.json")
code=$?
set -e
[ "$code" = 0 ] || [ "$code" = 1 ] || { echo "FAIL: qalint exited $code on the zod agreement site"; exit 1; }
(cd "$zapp" && node agree.mjs "$work/zod.json") || { echo "FAIL: qalint and zod disagree on Nuxt 4"; exit 1; }
echo "ok: qalint's verdict is zod's on every generated page, zod 4.6 from \`zod\` included"

echo "--- real public sites: qalint checks what Nuxt Content serves and agrees with the schema"
# fixtures/real-sites: four public Nuxt Content sites' content.config.ts and content, each in
# this app (its Nuxt 4.5, Nuxt Content, zod). The oracle (agree.mjs) is Nuxt Content itself.
for site_dir in "$repo"/fixtures/real-sites/*/; do
  site=$(basename "$site_dir")
  sapp="$work/site-$site"
  mkdir -p "$sapp"
  cp package.json nuxt.config.ts "$sapp/"
  cp -R app "$sapp/"
  ln -s "$app/node_modules" "$sapp/node_modules"
  cp -R "$site_dir/content" "$site_dir/content.config.ts" "$sapp/"
  cp "$repo/fixtures/real-sites/agree.mjs" "$repo/fixtures/oracle/nuxt-date.mjs" "$sapp/"
  (cd "$sapp" && npx nuxi prepare > "$work/$site-prepare.log" 2>&1) \
    || { cat "$work/$site-prepare.log"; echo "FAIL: nuxi prepare of $site"; exit 1; }
  (cd "$sapp" && node node_modules/qalint/bin/qalint.js --no-cache --show-files > "$work/$site-files.txt") \
    || { echo "FAIL: qalint --show-files on $site"; exit 1; }
  set +e
  (cd "$sapp" && node node_modules/qalint/bin/qalint.js --no-cache --format json > "$work/$site.json")
  code=$?
  set -e
  [ "$code" = 0 ] || [ "$code" = 1 ] || { echo "FAIL: qalint exited $code on $site"; exit 1; }
  (cd "$sapp" && node agree.mjs "$site" "$work/$site-files.txt" "$work/$site.json" 2>&1 | grep -v "^\[@nuxt/content\]") \
    || { echo "FAIL: qalint and Nuxt Content disagree on $site"; exit 1; }
  # Adopting qalint on it, as docs/src/getting-started/nuxt.md says: fix, suppress, pass; a
  # new page with the same problems still fails.
  ( cd "$sapp"
    node node_modules/qalint/bin/qalint.js --no-cache --fix > /dev/null 2>&1 || true
    node node_modules/qalint/bin/qalint.js --no-cache --suppress-all > "$work/$site-suppress.log" 2>&1 \
      || { cat "$work/$site-suppress.log"; echo "FAIL: qalint --suppress-all on $site"; exit 1; }
    node node_modules/qalint/bin/qalint.js --no-cache > "$work/$site-adopted.log" 2>&1 \
      || { cat "$work/$site-adopted.log"; echo "FAIL: $site still fails after --suppress-all"; exit 1; }
    # A copy of a page with errors, beside it and served by its collection too.
    copy=
    for broken in $(node -e 'for (const f of new Set(require(process.argv[1]).filter((f) => f.severity === "error").map((f) => f.file))) console.log(f)' "$work/$site.json"); do
      copy="$(dirname "$broken")/zz-new-$(basename "$broken")"
      cp "$broken" "$copy"
      node node_modules/qalint/bin/qalint.js --no-cache --show-files | grep -xF "$copy" > /dev/null && break
      rm "$copy"
      copy=
    done
    if [ -n "$copy" ]; then
      if node node_modules/qalint/bin/qalint.js --no-cache --format concise > "$work/$site-new.log" 2>&1; then
        cat "$work/$site-new.log"; echo "FAIL: a new page with old problems passed on $site"; exit 1
      fi
      grep -qF "$copy:" "$work/$site-new.log" || { cat "$work/$site-new.log"; echo "FAIL: not the new page"; exit 1; }
      rm "$copy"
    fi
    echo "$site: $(grep -o '[0-9]* findings\? suppressed' "$work/$site-adopted.log") after --suppress-all; a new page with old problems fails"
  ) || exit 1
done
echo "ok: on every real site, qalint checks each file Nuxt Content serves and agrees with its schema"

echo "--- nuxi generate stops on the broken pages, builds when fixed"
if npx nuxi generate > "$work/generate-broken.log" 2>&1; then
  cat "$work/generate-broken.log"; echo "FAIL: nuxi generate passed with broken pages"; exit 1
fi
while IFS= read -r line; do
  grep -qF "$line" "$work/generate-broken.log" \
    || { cat "$work/generate-broken.log"; echo "FAIL: nuxi generate did not print: $line"; exit 1; }
done <<< "$expected"
echo "ok: nuxi generate fails, naming file, line and column"
# The same broken pages, recorded in qalint-suppressions.json: the gate lets the build through.
qalint --suppress-all > "$work/suppress.log" 2>&1 || { cat "$work/suppress.log"; echo "FAIL: --suppress-all"; exit 1; }
npx nuxi generate > "$work/generate-suppressed.log" 2>&1 \
  || { cat "$work/generate-suppressed.log"; echo "FAIL: nuxi generate stopped on suppressed findings"; exit 1; }
grep -qE "\[qalint\] content checked: no problems \([0-9]+ more suppressed by qalint-suppressions.json\)" "$work/generate-suppressed.log" \
  || { cat "$work/generate-suppressed.log"; echo "FAIL: the gate did not say what it suppressed"; exit 1; }
rm qalint-suppressions.json
echo "ok: with the findings recorded in qalint-suppressions.json, nuxi generate builds"
cp -R "$repo/fixtures/nuxt4-app/content/." content/
npx nuxi generate > "$work/generate.log" 2>&1 || { cat "$work/generate.log"; echo "FAIL: nuxi generate failed on the fixed site"; exit 1; }
test -s .output/public/python/concurrency/threads/_payload.json \
  || { cat "$work/generate.log"; echo "FAIL: no payload written"; exit 1; }
qalint --format concise .output/public > "$work/payloads.txt" 2>&1 \
  || { cat "$work/payloads.txt"; echo "FAIL: the built payloads have findings"; exit 1; }
echo "ok: fixed, nuxi generate builds ($(find .output/public -name _payload.json | wc -l) payloads) and they pass"

echo "--- nuxi dev on Nuxt 4: the terminal, Vite's overlay and the DevTools tab in a real browser"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# DevTools on, as `nuxi init` makes a site; its auth token where DevTools keeps it (a user who
# authorized DevTools once), and an "editor" that writes down what it is asked to open.
sed -i "s|devtools: { enabled: false }|devtools: { enabled: true }|" nuxt.config.ts
grep -q "devtools: { enabled: true }" nuxt.config.ts || { echo "FAIL: cannot turn DevTools on"; exit 1; }
mkdir -p "$work/home/.nuxt/devtools"
token=$(python3 -c 'import secrets; print(secrets.token_hex(8))')
printf '%s' "$token" > "$work/home/.nuxt/devtools/dev-auth-token.txt"
printf '#!/bin/sh\nprintf "%%s\\n" "$*" >> "%s"\n' "$work/editor.log" > "$work/editor.sh"
chmod +x "$work/editor.sh"
HOME="$work/home" LAUNCH_EDITOR="$work/editor.sh" setsid npx nuxi dev --port "$port" > "$work/dev.log" 2>&1 &
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
  "$repo/fixtures/nuxt4-app/content/python/concurrency/threads.md" "" \
  'QA001 [schema] seoDescription: "Threads" is shorter than 10 characters' "threads.md:12:17"
grep -qF "content/python/concurrency/threads.md:12:17: QA001 [schema] seoDescription: \"Threads\" is shorter than 10 characters" "$work/dev.log" \
  || { cat "$work/dev.log"; echo "FAIL: nuxi dev did not print the finding"; exit 1; }
echo "ok: nuxi dev on Nuxt 4 printed the finding and showed it in the overlay"
# A deletion in content/, outside app/ (the srcDir): the gap it leaves is printed within 1 s.
before=$(wc -l < "$work/dev.log")
gone="content/python/concurrency/asyncio.md"
cp "$gone" "$work/asyncio.md"
rm "$gone"
gap="content/python/concurrency/processes.md:10:8: QA005 [order-gap]"
for _ in $(seq 1 10); do
  tail -n +"$((before + 1))" "$work/dev.log" | grep -qF "$gap" && break
  sleep 0.1
done
tail -n +"$((before + 1))" "$work/dev.log" | grep -qF "$gap" \
  || { cat "$work/dev.log"; echo "FAIL: nuxi dev did not print the gap a deletion leaves within 1 s"; exit 1; }
cp "$work/asyncio.md" "$gone"
echo "ok: a deletion in content/ beside app/ is linted within 1 s"

# The DevTools tab: a page saved with a safe-fixable QA003 (9:13) and a QA001 (12:17).
sed 's/^difficulty: medium/difficulty: Medium/' broken/content/python/concurrency/threads.md > "$work/threads-devtools.md"
grep -q "^difficulty: Medium" "$work/threads-devtools.md" || { echo "FAIL: no QA003 to fix"; exit 1; }
node "$repo/.ci/tools/nuxt-devtools.mjs" "http://localhost:$port/python/concurrency/threads" "$token" "$app" \
  content/python/concurrency/threads.md "$work/threads-devtools.md" "$work/editor.log" \
  content/python/concurrency/asyncio.md "QA005 [order-gap]" "${screenshots:+$screenshots/nuxt-devtools.png}" \
  || { tail -n 40 "$work/dev.log"; echo "FAIL: the DevTools tab"; exit 1; }
# Another origin, or a page without the tab's token, applies no fix and reads nothing.
tab="http://localhost:$port/__qalint__"
for headers in "Origin: http://evil.example" "Sec-Fetch-Site: cross-site"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "$headers" -H 'Content-Type: application/json' \
    --data '{"file":"content/python/concurrency/threads.md"}' "$tab/fix")
  [ "$code" = 403 ] || { echo "FAIL: a fix from another origin ($headers) got $code"; exit 1; }
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "$headers" "$tab/state")
  [ "$code" = 403 ] || { echo "FAIL: the state read from another origin ($headers) got $code"; exit 1; }
done
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
  --data '{"file":"content/python/concurrency/threads.md"}' "$tab/fix")
[ "$code" = 403 ] || { echo "FAIL: a fix without the tab's token got $code"; exit 1; }
# A page of another site whose name is made to point here (DNS rebinding): Vite's host check.
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Host: evil.example:$port" "$tab/state")
[ "$code" = 403 ] || { echo "FAIL: the state read under another host name got $code"; exit 1; }
cp "$repo/fixtures/nuxt4-app/content/python/concurrency/threads.md" content/python/concurrency/threads.md
echo "ok: the DevTools tab refuses another origin and a request without its token"
kill -- -"$dev_pid" 2>/dev/null || true
wait "$dev_pid" 2>/dev/null || true
dev_pid=
echo "ok: Nuxt 4 passed"
