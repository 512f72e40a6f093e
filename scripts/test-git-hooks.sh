#!/usr/bin/env bash
# The recipe the docs give npm teams for git hooks (docs/src/ci.md), with the real tools and
# every install step written there: `npm install` runs the `prepare` script, which has
# simple-git-hooks install a pre-commit hook that runs lint-staged (`qalint --fix
# --fix-named-only` on the staged pages and data files), then `qalint` on the whole site (qalint
# from the tarballs scripts/npm-pack.sh wrote into TARBALLS).
#   - a page whose own problem --fix repairs is committed repaired;
#   - a staged page whose fix would renumber pages that are not staged (a topic's order) is
#     never committed half-fixed, nor is a tie: the commit stops, nothing is written, HEAD stays;
#   - the remedies the docs name work: `qalint --fix` on the topic for a gap, `qalint --fix
#     --unsafe-fixes` for a tie, each staged whole;
#   - a `git rm` or `git mv` of a page another page links to, and a broken data file, are
#     refused (lint-staged passes no deleted file, and a `*.md` glob no YAML file).
#   scripts/test-git-hooks.sh TARBALLS
set -euo pipefail
source "$(dirname "$0")/common.sh"
tarballs=$(cd "${1:?usage: scripts/test-git-hooks.sh TARBALLS}" && pwd)
npm_tarballs "$tarballs"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false NO_COLOR=1
unset QALINT_BINARY # the package's own binary

site="$work/site"
topic="$site/content/python/concurrency"
mkdir -p "$topic"
page() { # ORDER DIFFICULTY: the fixture's asyncio page with this order and page difficulty
  sed -e "s/^order: 3$/order: $1/" -e "0,/^difficulty: hard$/s//difficulty: $2/" \
    "$repo/fixtures/site/content/python/concurrency/asyncio.md"
}
page 1 hard > "$topic/a.md"
page 2 hard > "$topic/b.md"
page 3 hard > "$topic/c.md"
cat > "$site/package.json" <<JSON
{
  "name": "hooks-site",
  "private": true,
  "scripts": { "prepare": "simple-git-hooks" },
  "devDependencies": {
    "qalint": "file:$main",
    "lint-staged": "17.6.3",
    "simple-git-hooks": "2.14.0"
  },
  "overrides": { "$platform": "file:$platform_tgz" },
  "lint-staged": { "content/**/*.{md,yml,yaml,json,csv}": "qalint --fix --fix-named-only" },
  "simple-git-hooks": { "pre-commit": "npx --no-install lint-staged && npx --no-install qalint --quiet" }
}
JSON
# The Q&A pages, and a collection of YAML data files (qalint.toml says what a Nuxt site's
# content.config.ts would).
cat > "$site/qalint.toml" <<'TOML'
[[collection]]
name = "qa"
include = ["content/**/*.md"]

[[collection]]
name = "authors"
include = ["content/authors/*.yml"]
schema = "none"
TOML
cd "$site"
printf 'node_modules/\n.qalint_cache/\n' > .gitignore
git init -q -b main .
git config user.email hooks@example.invalid
git config user.name "hooks test"
npm install --no-audit --no-fund --loglevel=error > "$work/install.log" 2>&1 \
  || { cat "$work/install.log"; echo "FAIL: npm install"; exit 1; }
# npm 11 runs the project's own `prepare` script on install: the hook is there with no step of
# its own.
test -x .git/hooks/pre-commit || { echo "FAIL: npm install (prepare) installed no hook"; exit 1; }
git add -A && git commit -q --no-verify -m "a clean topic"
npx --no-install qalint --no-cache content > /dev/null || { echo "FAIL: the clean topic has findings"; exit 1; }

echo "--- a page with its own fixable problem is committed fixed"
page 4 Hard > "$topic/d.md"
git add content/python/concurrency/d.md
git commit -q -m "d" > "$work/commit-d.log" 2>&1 || { cat "$work/commit-d.log"; echo "FAIL: the commit of d.md stopped"; exit 1; }
git show HEAD:content/python/concurrency/d.md | grep -q "^difficulty: hard$" \
  || { echo "FAIL: d.md was committed without its fix"; exit 1; }
echo "ok: d.md committed with difficulty: Hard fixed to hard"

expect_stopped() { # NAME TEXT...: the commit stops, HEAD and the pages not staged untouched
  local name=$1 head
  shift
  head=$(git rev-parse HEAD)
  if git commit -m "$name" > "$work/commit.log" 2>&1; then
    cat "$work/commit.log"; git show --stat HEAD; echo "FAIL: $name was committed"; exit 1
  fi
  [ "$(git rev-parse HEAD)" = "$head" ] || { echo "FAIL: HEAD moved"; exit 1; }
  git diff --quiet -- content || { git diff; echo "FAIL: a page that was not staged was written"; exit 1; }
  for text in "$@"; do
    grep -qF "$text" "$work/commit.log" \
      || { cat "$work/commit.log"; echo "FAIL: the hook's output does not say: $text"; exit 1; }
  done
  echo "ok: $name: the commit stopped, HEAD and the pages not staged untouched"
}

echo "--- a new page that ties with another (orders 1, 2, 3, 3, 4): no guess is committed"
page 3 hard > "$topic/e.md"
git add content/python/concurrency/e.md
expect_stopped "a tie" "QA005 [order-gap]" "order 3 is shared by 2 pages"
echo "--- the tie's remedy the docs name: qalint --fix --unsafe-fixes on the topic, staged whole"
npx --no-install qalint --fix --unsafe-fixes content/python/concurrency > /dev/null 2>&1 || true
git add -A content/python/concurrency
git commit -q -m "e, the tie renumbered" > "$work/commit-tie.log" 2>&1 \
  || { cat "$work/commit-tie.log"; echo "FAIL: the tie, renumbered as the docs say, did not commit"; exit 1; }
[ "$(git show HEAD:content/python/concurrency/e.md | grep '^order:')" != "order: 3" ] \
  || [ "$(git show HEAD:content/python/concurrency/c.md | grep '^order:')" != "order: 3" ] \
  || { echo "FAIL: the tie was committed"; exit 1; }
echo "ok: the tie renumbered with --unsafe-fixes commits"
git rm -q content/python/concurrency/e.md
npx --no-install qalint --fix content/python/concurrency > /dev/null 2>&1 || true
git add -A content/python/concurrency
git commit -q --no-verify -m "back to four pages"
npx --no-install qalint --no-cache content > /dev/null || { echo "FAIL: the topic of four has findings"; exit 1; }

echo "--- a page another page links to, removed or renamed: refused"
printf 'related:\n  - /python/concurrency/b\n' > "$work/related.yml"
sed -i "/^seoDescription:/r $work/related.yml" "$topic/d.md"
git add content/python/concurrency/d.md
git commit -q -m "d links to b" > "$work/commit-link.log" 2>&1 \
  || { cat "$work/commit-link.log"; echo "FAIL: a page linking to b did not commit"; exit 1; }
git mv content/python/concurrency/b.md content/python/concurrency/b2.md
expect_stopped "a git mv of a linked page" "QA004 [broken-sibling-path]"
git mv content/python/concurrency/b2.md content/python/concurrency/b.md
git rm -q content/python/concurrency/b.md
expect_stopped "a git rm of a linked page" "QA004 [broken-sibling-path]"
git reset -q HEAD content/python/concurrency/b.md && git checkout -q -- content/python/concurrency/b.md

echo "--- a broken data file: refused"
mkdir -p content/authors
printf 'name: Ana\nrole: [unclosed\n' > content/authors/ana.yml
git add content/authors/ana.yml
expect_stopped "a broken data file" "content/authors/ana.yml" "QA000 [invalid-syntax]"
git reset -q && rm -r content/authors

echo "--- a page deleted, another staged: the renumbering of pages not staged is not applied"
git rm -q content/python/concurrency/a.md
sed -i 's/^title: Asyncio$/title: Asyncio, again/' "$topic/c.md"
git add content/python/concurrency/c.md
expect_stopped "half a renumbering" "QA005 [order-gap]" \
  "its topic's renumbering also changes content/python/concurrency/b.md, content/python/concurrency/d.md, which were not named (--fix-named-only)"

echo "--- renumbered by hand as the message says, the topic commits"
npx --no-install qalint --fix content/python/concurrency > /dev/null 2>&1 || true
git add -A content/python/concurrency
git commit -q -m "e, renumbered" > "$work/commit-e2.log" 2>&1 \
  || { cat "$work/commit-e2.log"; echo "FAIL: the renumbered topic did not commit"; exit 1; }
npx --no-install qalint --no-cache content > /dev/null || { echo "FAIL: the committed topic has findings"; exit 1; }
echo "ok: qalint --fix on the topic, staged whole, commits clean"
