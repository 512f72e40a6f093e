#!/usr/bin/env bash
# Tests the Action's lint step (scripts/action-run.sh) as the Action runs it: what `paths`
# names is only ever a path (names starting with `-`, `--`, `-o`, `=`, spaces, a `*` that is
# not globbed), while the user's `args` keep working.
#   scripts/test-action-run.sh BINARY
set -euo pipefail
source "$(dirname "$0")/common.sh"
binary=$(cd "$(dirname "${1:?usage: scripts/test-action-run.sh BINARY}")" && pwd)/$(basename "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -R "$repo/fixtures/site/." "$work/"
cd "$work"
printf 'exclude = ["**"]\n' > notes.md
printf '# readme\n' > README.md
for name in "-oREADME.md" "--config=notes.md" "=x.md" "with space.md" "star*.md"; do
  printf '# %s\n' "$name" > "./$name"
done
run() { # PATHS ARGS: the step's exit code; its output in $work/out.txt
  set +e
  QALINT_BIN="$binary" QALINT_PATHS="$1" QALINT_ARGS="$2" QALINT_NO_CACHE=1 \
    bash "$repo/scripts/action-run.sh" > "$work/out.txt" 2> "$work/err.txt"
  code=$?
  set -e
}
run "-oREADME.md --config=notes.md =x.md star*.md content" ""
[ "$code" = 1 ] || { cat "$work/err.txt"; echo "FAIL: exit $code: a path was read as an option"; exit 1; }
grep -q "^::error title=QA" "$work/out.txt" || { echo "FAIL: no annotations"; exit 1; }
[ "$(cat README.md)" = "# readme" ] || { echo "FAIL: README.md was overwritten"; exit 1; }
echo "ok: paths that look like options are paths; README.md untouched"
run "$(printf 'with space.md\ncontent/go\n')" ""
[ "$code" = 1 ] && grep -q "content/go" "$work/out.txt" || { cat "$work/err.txt"; echo "FAIL: paths one a line"; exit 1; }
echo "ok: one path a line, a name with a space"
run "content" "--select QA003 --exit-zero"
[ "$code" = 0 ] && grep -q "QA003" "$work/out.txt" && ! grep -q "QA00[124567]" "$work/out.txt" \
  || { cat "$work/out.txt" "$work/err.txt"; echo "FAIL: the user's args (exit $code)"; exit 1; }
echo "ok: the user's args keep working"
# A site that adopted qalint gradually: what qalint-suppressions.json records is no annotation
# (content/broken has files qalint cannot read, which are never suppressed).
"$binary" --no-cache --suppress-all content/javascript > /dev/null 2>&1 || { echo "FAIL: --suppress-all"; exit 1; }
run "content/javascript" ""
[ "$code" = 0 ] && ! grep -q "^::error" "$work/out.txt" \
  || { cat "$work/out.txt" "$work/err.txt"; echo "FAIL: recorded findings were annotated (exit $code)"; exit 1; }
grep -q "suppressed by qalint-suppressions.json" "$work/err.txt" "$work/out.txt" \
  || { cat "$work/out.txt" "$work/err.txt"; echo "FAIL: the run did not say what it suppressed"; exit 1; }
echo "ok: the Action honours qalint-suppressions.json"
