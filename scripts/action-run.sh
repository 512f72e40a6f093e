#!/usr/bin/env bash
# The Action's lint step: runs QALINT_BIN with the Action's inputs. `args` are the user's
# options, split on whitespace; `paths` are only ever paths: split on whitespace, or one a line
# when the input has several lines (a name with spaces), never globbed, and after `--`, so a
# path that looks like an option (`-oREADME.md`) is a path.
set -euo pipefail
: "${QALINT_BIN:?}"
if [[ "${QALINT_PATHS:-}" == *$'\n'* ]]; then
  paths=()
  while IFS= read -r line; do
    [ -n "$line" ] && paths+=("$line")
  done <<< "$QALINT_PATHS"
else
  read -r -a paths <<< "${QALINT_PATHS:-.}"
fi
read -r -a args <<< "${QALINT_ARGS:-}"
[ "${#paths[@]}" -gt 0 ] || paths=(.)
exec "$QALINT_BIN" --format github "${args[@]}" -- "${paths[@]}"
