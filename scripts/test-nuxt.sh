#!/usr/bin/env bash
# Proves the Nuxt module on a real Nuxt 3 + @nuxt/content 3 app (fixtures/nuxt-app, whose
# content.config.ts has fields of its own), with qalint installed from the tarballs that
# scripts/npm-pack.sh wrote into TARBALLS:
#   - `nuxi prepare` records the collections Nuxt Content derived (the same as the fixture the
#     Rust tests read), and the CLI then checks the site's own schema: the clean site passes;
#   - on generated pages over zod 3 and zod 4 collections, qalint's verdict is zod's own
#     (fixtures/zod-agreement);
#   - two locales' collections with the same topics are numbered each on its own;
#   - a data collection's YAML, JSON and CSV items are checked against its schema;
#   - with two pages that break content.config.ts, the CLI finds exactly those, and
#     `nuxi generate` fails naming file, line and column; fixed, it builds;
#   - `nuxi dev` prints a finding when a page is saved broken, and a real browser (Debian's
#     Chromium, playwright-core) sees it in Vite's overlay, gone once the page is fixed.
#   scripts/test-nuxt.sh TARBALLS
set -euo pipefail
source "$(dirname "$0")/common.sh"
tarballs=$(cd "${1:?usage: scripts/test-nuxt.sh TARBALLS}" && pwd)
# QALINT_SCREENSHOTS=DIR: keep the pictures the docs show (the dev overlay) in DIR.
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
# The packages' own binary, never one named from outside.
unset QALINT_BINARY
app="$work/app"
cp -R "$repo/fixtures/nuxt-app" "$app"
cd "$app"
use_tarballs

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
# The record names the site's folders relative to it (the fixture holds what the module sends:
# absolute paths, the site written <root>).
tail -n +2 .nuxt/qalint/collections.json | python3 -c '
import json, sys
site = json.load(sys.stdin)
rooted = lambda p: p if p.startswith("/") else "<root>" if p == "." else "<root>/" + p
site["configFiles"] = [rooted(p) for p in site["configFiles"]]
for c in site["collections"]:
    for s in c["sources"]:
        s["cwd"] = rooted(s["cwd"])
print(json.dumps(site, indent=2, sort_keys=True).replace(sys.argv[1], "<root>"))' "$app" > "$work/collections.json"
python3 -c 'import json, sys; print(json.dumps(json.load(open(sys.argv[1])), indent=2, sort_keys=True))' \
  "$repo/fixtures/nuxt-app/qalint-collections.json" > "$work/fixture-collections.json"
diff -u "$work/fixture-collections.json" "$work/collections.json" \
  || { echo "FAIL: Nuxt Content's collections changed: update fixtures/nuxt-app/qalint-collections.json"; exit 1; }
echo "ok: the collections recorded are the fixture the Rust tests read"

qalint() { node node_modules/qalint/bin/qalint.js --no-cache "$@"; }
qalint > "$work/clean.txt" 2>&1 || { cat "$work/clean.txt"; echo "FAIL: the clean site has findings"; exit 1; }
echo "ok: the clean site passes its own content.config.ts (no unknown tags, reviewedBy, timeMinutes)"

echo "--- the module's options are typed: nuxt.config completes and checks them"
cat > qalint-types.ts <<'TS'
import type { ModuleOptions } from '@qalint/nuxt'
import type { NuxtConfig } from 'nuxt/schema'

export const on: NuxtConfig = { qalint: { failOn: 'warning', overlay: false, devtools: false } }
export const off: NuxtConfig = { qalint: false }
// @ts-expect-error failOn takes 'error', 'warning' or false
export const wrong: NuxtConfig = { qalint: { failOn: 'errors' } }
// @ts-expect-error devtools takes true or false
export const tab: NuxtConfig = { qalint: { devtools: 'yes' } }
export const options: ModuleOptions = { enabled: true, failOn: false, overlay: true, devtools: true, warnings: true, timeout: 120, uncheckedFields: ["qa.slug"] }
TS
node node_modules/typescript/bin/tsc --noEmit --strict --module esnext --moduleResolution bundler \
  --target es2022 --skipLibCheck qalint-types.ts > "$work/tsc.log" 2>&1 \
  || { cat "$work/tsc.log"; echo "FAIL: the module's options do not type-check as documented"; exit 1; }
rm qalint-types.ts
echo "ok: typed options (a wrong failOn is a type error)"

echo "--- qalint agrees with the site's own zod, page by page (zod 3 and zod 4)"
# fixtures/zod-agreement: a content.config.ts of zod 3 and zod 4 collections over every
# construct, generated pages, and zod's own safeParse as the oracle (README there).
zapp="$work/zod-app"
mkdir -p "$zapp"
cp "$app/package.json" "$app/nuxt.config.ts" "$app/app.vue" "$zapp/"
cp -R "$app/pages" "$zapp/"
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
(cd "$zapp" && node agree.mjs "$work/zod.json") || { echo "FAIL: qalint and zod disagree"; exit 1; }
echo "ok: qalint's verdict is zod's on every generated page"

echo "--- two locales' collections with the same topics: each numbered on its own"
lapp="$work/locales-app"
mkdir -p "$lapp/content/en" "$lapp/content/fr"
cp "$app/package.json" "$app/nuxt.config.ts" "$app/app.vue" "$lapp/"
cp -R "$app/pages" "$lapp/"
ln -s "$app/node_modules" "$lapp/node_modules"
# The app's own collection, once a locale (the same schema, the same slugs).
sed -e "s|qa: defineCollection({|qa_en: defineCollection({|" \
    -e "s|source: { include: '\*\*/\*.md', exclude: \['drafts/\*\*'\] },|source: 'en/**/*.md',|" \
    "$repo/fixtures/nuxt-app/content.config.ts" > "$lapp/content.config.ts"
grep -q "qa_en: defineCollection" "$lapp/content.config.ts" && grep -q "source: 'en/\*\*/\*.md'" "$lapp/content.config.ts" \
  || { cat "$lapp/content.config.ts"; echo "FAIL: the locales' content.config.ts was not made"; exit 1; }
python3 - "$lapp/content.config.ts" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path).read()
start = text.index("    qa_en: defineCollection({")
end = text.index("\n  },\n})")
en = text[start:end]
fr = en.replace("qa_en:", "qa_fr:").replace("'en/**/*.md'", "'fr/**/*.md'")
open(path, "w").write(text[:end] + "\n" + fr + text[end:])
PY
for locale in en fr; do
  cp -R "$repo/fixtures/nuxt-app/content/python" "$lapp/content/$locale/"
done
# A link from one locale's page to the other's: the site routes every page collection.
sed -i 's|^reviewedBy: Ana$|reviewedBy: Ana\nrelated:\n  - /fr/python/concurrency/asyncio|' "$lapp/content/en/python/concurrency/threads.md"
grep -q '^  - /fr/python/concurrency/asyncio$' "$lapp/content/en/python/concurrency/threads.md" \
  || { echo "FAIL: the cross-locale link was not written"; exit 1; }
(cd "$lapp" && npx nuxi prepare > "$work/locales-prepare.log" 2>&1) \
  || { cat "$work/locales-prepare.log"; echo "FAIL: nuxi prepare of the locales site"; exit 1; }
lq() { (cd "$lapp" && node node_modules/qalint/bin/qalint.js --no-cache "$@"); }
lq --format concise > "$work/locales.txt" 2>&1 \
  || { cat "$work/locales.txt"; echo "FAIL: two locales with the same topics gave findings (a topic spans collections, or a link to the other locale is broken)"; exit 1; }
echo "ok: the same topic in two locales' collections is two topics; a link to the other locale's page resolves"
sed -i 's/^order: 3$/order: 4/' "$lapp/content/fr/python/concurrency/processes.md"
set +e
got=$(lq --format concise --quiet)
code=$?
set -e
want="content/fr/python/concurrency/processes.md:10:8: QA005 [order-gap] [*] order 4 leaves a gap in python/concurrency (orders 1, 2, 4): expected 3"
[ "$code" = 1 ] && [ "$got" = "$want" ] \
  || { printf '%s\n' "$got"; echo "FAIL: a gap in one locale (exit $code) was not reported there alone"; exit 1; }
cp -R "$lapp/content/en" "$work/en-before"
lq --fix --unsafe-fixes --quiet > /dev/null 2>&1 || true
grep -q '^order: 3$' "$lapp/content/fr/python/concurrency/processes.md" \
  || { echo "FAIL: --fix did not renumber the French topic"; exit 1; }
diff -r "$work/en-before" "$lapp/content/en" > /dev/null \
  || { diff -r "$work/en-before" "$lapp/content/en"; echo "FAIL: --fix renumbered the English topic too"; exit 1; }
echo "ok: a gap in one locale is reported and fixed there, the other locale untouched"

echo "--- data collections: YAML, JSON and CSV items checked against their schema"
dapp="$work/data-app"
mkdir -p "$dapp/content/authors" "$dapp/content/settings" "$dapp/content/notes"
cp "$app/package.json" "$app/nuxt.config.ts" "$app/app.vue" "$dapp/"
cp -R "$app/pages" "$dapp/"
ln -s "$app/node_modules" "$dapp/node_modules"
cat > "$dapp/content.config.ts" <<'TS'
import { defineCollection, defineContentConfig, z } from '@nuxt/content'

const person = z.object({ name: z.string().min(2), role: z.enum(['admin', 'editor']) })

export default defineContentConfig({
  collections: {
    authors: defineCollection({ type: 'data', source: 'authors/**.yml', schema: person }),
    settings: defineCollection({ type: 'data', source: 'settings/*.json', schema: person }),
    people: defineCollection({ type: 'data', source: 'people.csv', schema: person }),
  },
})
TS
printf 'name: Ana\nrole: admin\n' > "$dapp/content/authors/ana.yml"
printf 'name: Bo\nrole: owner\n' > "$dapp/content/authors/bo.yml"
printf '{\n  "name": "Q",\n  "role": "editor"\n}\n' > "$dapp/content/settings/site.json"
printf 'name,role\nAna,admin\nBo,owner\n' > "$dapp/content/people.csv"
printf 'anything: goes\n' > "$dapp/content/notes/todo.yml"
(cd "$dapp" && npx nuxi prepare > "$work/data-prepare.log" 2>&1) \
  || { cat "$work/data-prepare.log"; echo "FAIL: nuxi prepare of the data collections site"; exit 1; }
if grep -q "not yet" "$work/data-prepare.log"; then
  cat "$work/data-prepare.log"; echo "FAIL: the module still says data files are not checked"; exit 1
fi
set +e
got=$(cd "$dapp" && node node_modules/qalint/bin/qalint.js --no-cache --format concise --quiet)
code=$?
set -e
want='content/authors/bo.yml:2:7: QA001 [schema] role: "owner" is not one of admin, editor
content/people.csv:3:4: QA001 [schema] role: "owner" is not one of admin, editor
content/settings/site.json:2:11: QA001 [schema] name: "Q" is shorter than 2 characters'
[ "$code" = 1 ] && [ "$got" = "$want" ] \
  || { printf '%s\n' "$got"; echo "FAIL: the data collections' items (exit $code) were not checked as declared"; exit 1; }
echo "ok: YAML, JSON and CSV items are checked against their collection, at their key, value and cell"

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
grep -q "qalint found 2 problems (2 errors, 0 warnings) in the content: the build stops" "$work/generate-broken.log" \
  || { cat "$work/generate-broken.log"; echo "FAIL: nuxi generate does not say why it stops"; exit 1; }
echo "ok: nuxi generate fails, naming file, line and column"
if grep -qE "^\s+at |module\.mjs" "$work/generate-broken.log"; then
  cat "$work/generate-broken.log"; echo "FAIL: a findings stop printed a stack trace"; exit 1
fi
echo "ok: no stack trace for a findings stop"

# Fail closed: a qalint that cannot answer stops the build, each with one message.
expect_stop() { # NAME TEXT [VAR=VALUE...]: nuxi generate must fail and print TEXT
  local name=$1 text=$2
  shift 2
  if env "$@" npx nuxi generate > "$work/generate-stop.log" 2>&1; then
    cat "$work/generate-stop.log"; echo "FAIL: nuxi generate passed with $name"; exit 1
  fi
  grep -qF "$text" "$work/generate-stop.log" \
    || { cat "$work/generate-stop.log"; echo "FAIL: nuxi generate with $name did not say: $text"; exit 1; }
  echo "ok: $name stops nuxi generate: $text"
}
platform_dir="$app/node_modules/$platform"
real_binary="$platform_dir/qalint"
test -x "$real_binary" || { echo "FAIL: no binary in $platform_dir"; exit 1; }
# Each records the collections with the real binary, then fails when asked to lint. The
# launcher runs only executables of this platform (an ELF here), so each is a small C program
# that becomes a shell running its script.
fake_binary() { # FILE SHELL-LINE
  printf '#!/bin/sh\n[ "$1" = nuxt-collections ] && exec "%s" "$@"\n%s\n' "$real_binary" "$2" > "$1.sh"
  cat > "$1.c" <<C
#include <stdlib.h>
#include <unistd.h>
int main(int argc, char **argv) {
  char **a = calloc(argc + 2, sizeof *a);
  a[0] = "sh";
  a[1] = "$1.sh";
  for (int i = 1; i < argc; i++) a[i + 1] = argv[i];
  execv("/bin/sh", a);
  return 127;
}
C
  cc -o "$1" "$1.c"
}
fake_binary "$work/crashing-qalint" 'kill -SEGV $$'
expect_stop "a crashing binary" \
  "qalint could not check the content, so the build stops: qalint was killed by SIGSEGV" \
  QALINT_BINARY="$work/crashing-qalint"
fake_binary "$work/failing-qalint" 'echo "qalint: error: sub/qalint.toml: TOML parse error" >&2; exit 2'
expect_stop "a binary that exits 2" \
  "qalint exited with code 2: qalint: error: sub/qalint.toml: TOML parse error" \
  QALINT_BINARY="$work/failing-qalint"
fake_binary "$work/hanging-qalint" 'exec sleep 600'
cp nuxt.config.ts "$work/nuxt.config.ts"
sed -i 's/^  telemetry: false,$/  telemetry: false,\n  qalint: { timeout: 2 },/' nuxt.config.ts
grep -q "qalint: { timeout: 2 }" nuxt.config.ts
expect_stop "a hanging binary" "qalint gave no answer in 2 s" QALINT_BINARY="$work/hanging-qalint"
cp "$work/nuxt.config.ts" nuxt.config.ts
mv "$platform_dir" "$work/platform-aside"
expect_stop "a missing binary" "which holds qalint's binary for this machine, is not installed"
mv "$work/platform-aside" "$platform_dir"

cp -R "$repo/fixtures/nuxt-app/content/." content/
npx nuxi generate > "$work/generate.log" 2>&1 || { cat "$work/generate.log"; echo "FAIL: nuxi generate failed on the fixed site"; exit 1; }
test -s .output/public/python/concurrency/threads/_payload.json \
  || { cat "$work/generate.log"; echo "FAIL: no payload written"; exit 1; }
echo "ok: fixed, nuxi generate builds ($(find .output/public -name _payload.json | wc -l) payloads)"
qalint --format concise .output/public > "$work/payloads.txt" 2>&1 \
  || { cat "$work/payloads.txt"; echo "FAIL: the built payloads have findings"; exit 1; }
echo "ok: the built payloads pass their own collection's schema"

echo "--- a moved site, a never-prepared one"
cd "$work" && mv app moved && cd moved
set +e
got=$(cp -R broken/content/. content/ && qalint --format concise --quiet)
code=$?
set -e
cp -R "$repo/fixtures/nuxt-app/content/." content/
[ "$code" = 1 ] && [ "$got" = "$expected" ] \
  || { printf '%s\n' "$got"; echo "FAIL: the moved site (exit $code) is not checked against its collections"; exit 1; }
echo "ok: a moved site keeps its collections"
mv .nuxt "$work/nuxt-aside"
set +e
qalint > "$work/unprepared.txt" 2>&1
code=$?
set -e
grep -qF "is a Nuxt Content site whose collections were never recorded" "$work/unprepared.txt" && [ "$code" = 2 ] \
  || { cat "$work/unprepared.txt"; echo "FAIL: a never-prepared site (exit $code) did not stop"; exit 1; }
echo "ok: a never-prepared site stops with exit 2, saying to run nuxi prepare"
mv "$work/nuxt-aside" .nuxt

echo "--- a monorepo: the app in apps/web of an npm workspace, linted from the top"
mkdir -p "$work/repo/apps"
printf '{ "private": true, "workspaces": ["apps/*"] }\n' > "$work/repo/package.json"
printf 'node_modules/\n' > "$work/repo/.gitignore"
git init --quiet "$work/repo"
cd "$work" && mv moved repo/apps/web && cd repo
cp -R apps/web/broken/content/. apps/web/content/
set +e
got=$(node apps/web/node_modules/qalint/bin/qalint.js --no-cache --format concise --quiet)
code=$?
set -e
cp -R "$repo/fixtures/nuxt-app/content/." apps/web/content/
[ "$code" = 1 ] && [ "$got" = "${expected//content\//apps/web/content/}" ] \
  || { printf '%s\n' "$got"; echo "FAIL: from the workspace's top (exit $code), the app's collections were not used"; exit 1; }
echo "ok: from the top of a workspace, the app's pages follow its own collections"
cd "$work" && mv repo/apps/web app && cd app

echo "--- nuxi dev: the terminal and Vite's overlay in a real browser"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
setsid npx nuxi dev --port "$port" > "$work/dev.log" 2>&1 &
dev_pid=$!
for _ in $(seq 1 120); do
  curl -sf "http://localhost:$port/python/concurrency/threads" > /dev/null && break
  sleep 1
done
curl -sf "http://localhost:$port/python/concurrency/threads" > /dev/null \
  || { cat "$work/dev.log"; echo "FAIL: nuxi dev did not serve the page"; exit 1; }
grep -q "\[qalint\] content checked: no problems" "$work/dev.log" \
  || { cat "$work/dev.log"; echo "FAIL: nuxi dev did not lint at start"; exit 1; }
# QALINT_SCREENSHOTS=docs/src/images keeps the overlay's picture (the docs show it).
node "$repo/.ci/tools/nuxt-overlay.mjs" "http://localhost:$port/python/concurrency/threads" \
  "$app/content/python/concurrency/threads.md" \
  "$app/broken/content/python/concurrency/threads.md" \
  "$repo/fixtures/nuxt-app/content/python/concurrency/threads.md" \
  "${screenshots:+$screenshots/nuxt-overlay.png}"
grep -qF "content/python/concurrency/threads.md:13:7: QA001 [schema] tags: expected a list, found a string" "$work/dev.log" \
  || { cat "$work/dev.log"; echo "FAIL: nuxi dev did not print the finding"; exit 1; }
echo "ok: nuxi dev printed the finding in its terminal"

# Saves as editors, sed -i and git make them: a rename over the page, then an in-place write.
# Each is linted once, and the terminal says what changed.
page=content/python/concurrency/threads.md
saved_and_said() { # HOW TEXT: after the save, the dev terminal prints TEXT
  local before
  before=$(wc -l < "$work/dev.log")
  "$1"
  for _ in $(seq 1 100); do
    tail -n +"$((before + 1))" "$work/dev.log" | grep -qF "$2" && break
    sleep 0.1
  done
  tail -n +"$((before + 1))" "$work/dev.log" | grep -qF "$2" \
    || { cat "$work/dev.log"; echo "FAIL: after $1, nuxi dev did not print: $2"; exit 1; }
  echo "ok: after $1 nuxi dev printed: $2"
}
rename_broken() { cp broken/$page "$work/page.tmp" && mv "$work/page.tmp" "$page"; }
write_clean_in_place() { cat "$repo/fixtures/nuxt-app/$page" > "$page"; }
sed_broken() { sed -i -e '/^  - python$/d' -e '/^  - threads$/d' -e 's/^tags:$/tags: python/' "$page"; }
saved_and_said rename_broken "$page:13:7: QA001 [schema] tags: expected a list, found a string"
saved_and_said write_clean_in_place "[qalint] $page: no problems (1 fixed)"
saved_and_said sed_broken "$page:13:7: QA001 [schema] tags: expected a list, found a string"
saved_and_said write_clean_in_place "[qalint] $page: no problems (1 fixed)"
