#!/usr/bin/env bash
# Tries the hooks with the real pre-commit (from PyPI, in a throwaway virtual environment) on a
# sample content repository: a page with an order gap fails the hook although only that file
# is passed; a clean page passes; qalint-fix repairs the gap. The `qalint` and `qalint-fix`
# hooks install the prebuilt wheel (language: python), so they run with cargo and rustc off
# PATH and pip offline, finding the wheel in WHEELS; the `qalint-source` hook, which builds
# from source, is tried once with cargo.
#   scripts/test-pre-commit.sh WHEELS
set -euo pipefail
source "$(dirname "$0")/common.sh"
wheels=$(cd "${1:?usage: scripts/test-pre-commit.sh WHEELS (the folder scripts/build-wheel.sh wrote)}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/cache"

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check pre-commit
pre_commit="$work/venv/bin/pre-commit"

# pip offline: the wheel, and the build backend of the hooks' own package, from one folder.
mkdir -p "$work/links"
cp "$wheels"/qalint-"$(version)"-*.whl "$work/links/"
"$work/venv/bin/pip" download --quiet --disable-pip-version-check --dest "$work/links" "setuptools>=64"
# PATH without cargo and rustc.
no_rust=$(python3 -c 'import os; print(":".join(d for d in os.environ["PATH"].split(":") if d and not any(os.path.exists(os.path.join(d, t)) for t in ("cargo", "rustc"))))')
hook() { # what pre-commit runs for the prebuilt hooks
  env PATH="$no_rust" PIP_FIND_LINKS="$work/links" PIP_NO_INDEX=1 "$pre_commit" "$@"
}
if env PATH="$no_rust" sh -c 'command -v cargo || command -v rustc' >/dev/null; then
  echo "FAIL: cargo is still on PATH"; exit 1
fi

site="$work/site"
page() { # file framework topic order
  mkdir -p "$(dirname "$site/$1")"
  cat > "$site/$1" <<PAGE
---
title: $(basename "$1" .md)
description: ""
framework: $2
frameworkSlug: $2
topic: $3
topicSlug: $3
subtopic: $(basename "$1" .md)
difficulty: easy
order: $4
updated: 2026-06-18
seoDescription: "Questions on $(basename "$1" .md)."
questions:
  - id: what
    difficulty: easy
    q: What is it?
    a: Something.
---
PAGE
}
page content/python/basics/intro.md python basics 1
page content/python/basics/variables.md python basics 2
page content/python/basics/loops.md python basics 4
page content/go/basics/clean.md go basics 1
page content/go/basics/next.md go basics 2
page content/python/advanced/decorators.md python advanced 2
page content/python/advanced/generators.md python advanced 3
cd "$site"
git init --quiet
git add -A
git -c user.name=ci -c user.email=ci@example.invalid commit --quiet -m "sample site"

echo "--- a page with an order gap, passed alone, fails the hook"
if hook try-repo "$repo" qalint --files content/python/basics/loops.md > "$work/gap.log" 2>&1; then
  cat "$work/gap.log"; echo "FAIL: the hook passed on an order gap"; exit 1
fi
grep -q "order 4 leaves a gap in python/basics (orders 1, 2, 4): expected 3" "$work/gap.log" \
  || { cat "$work/gap.log"; echo "FAIL: the finding is not shown"; exit 1; }
echo ok

echo "--- a clean page passes"
hook try-repo "$repo" qalint --files content/go/basics/clean.md > "$work/clean.log" 2>&1 \
  || { cat "$work/clean.log"; echo "FAIL: the hook failed on a clean page"; exit 1; }
echo ok

echo "--- qalint-fix renumbers the page"
hook try-repo "$repo" qalint-fix --files content/python/basics/loops.md > "$work/fix.log" 2>&1 || true
grep -q "^order: 3$" content/python/basics/loops.md \
  || { cat "$work/fix.log"; echo "FAIL: qalint-fix did not renumber"; exit 1; }
hook try-repo "$repo" qalint --files content/python/basics/loops.md > "$work/after.log" 2>&1 \
  || { cat "$work/after.log"; echo "FAIL: still failing after the fix"; exit 1; }
echo ok

echo "--- qalint-fix on one staged page of a topic whose first page is gone renumbers the whole topic"
hook try-repo "$repo" qalint-fix --files content/python/advanced/generators.md > "$work/topic.log" 2>&1 || true
grep -q "^order: 1$" content/python/advanced/decorators.md && grep -q "^order: 2$" content/python/advanced/generators.md \
  || { cat "$work/topic.log"; echo "FAIL: the topic was not renumbered whole"; exit 1; }
grep -q "1 not named: content/python/advanced/decorators.md" "$work/topic.log" \
  || { cat "$work/topic.log"; echo "FAIL: the page outside the staged ones is not named"; exit 1; }
hook try-repo "$repo" qalint --files content/python/advanced/generators.md > "$work/topic-after.log" 2>&1 \
  || { cat "$work/topic-after.log"; echo "FAIL: still failing after the fix"; exit 1; }
echo ok
echo "--- committed files named like options are file names, for qalint and qalint-fix"
git checkout --quiet -- content
printf 'exclude = ["**"]\n' > notes.md
printf '# readme\n' > README.md
for name in "--config=notes.md" "-oREADME.md" "--output-file=README.md" "=x.md" "with space.md" "$(printf 'new\nline.md')"; do
  printf '# %s\n' "$name" > "./$name"
done
git add -A
git -c user.name=ci -c user.email=ci@example.invalid commit --quiet -m "files named like options"
for id in qalint qalint-fix; do
  if hook try-repo "$repo" "$id" --all-files > "$work/names.log" 2>&1; then
    cat "$work/names.log"; echo "FAIL: $id passed: a file name was read as an option"; exit 1
  fi
  grep -q "order 4 leaves a gap in python/basics (orders 1, 2, 4): expected 3" "$work/names.log" \
    || [ "$id" = qalint-fix ] \
    || { cat "$work/names.log"; echo "FAIL: $id did not lint the pages"; exit 1; }
  [ "$(cat README.md)" = "# readme" ] || { echo "FAIL: $id overwrote README.md"; exit 1; }
  git checkout --quiet -- content
done
echo ok

echo "--- the source hook builds qalint with cargo and finds the gap too"
git checkout --quiet -- content
# A debug-speed build: the hook's behaviour is under test, not the binary's speed.
if CARGO_TARGET_DIR="$work/target" CARGO_PROFILE_RELEASE_OPT_LEVEL=0 CARGO_PROFILE_RELEASE_LTO=off \
  CARGO_PROFILE_RELEASE_CODEGEN_UNITS=256 \
  "$pre_commit" try-repo "$repo" qalint-source --files content/python/basics/loops.md > "$work/source.log" 2>&1; then
  cat "$work/source.log"; echo "FAIL: the source hook passed on an order gap"; exit 1
fi
grep -q "order 4 leaves a gap in python/basics (orders 1, 2, 4): expected 3" "$work/source.log" \
  || { cat "$work/source.log"; echo "FAIL: the source hook does not show the finding"; exit 1; }
echo ok
echo "pre-commit hooks: 6 passed, 0 failed"
