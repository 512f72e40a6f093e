#!/usr/bin/env bash
# Prints CHANGELOG.md's section for VERSION (Keep a Changelog: `## [VERSION]`), the GitHub
# release's notes; fails when the changelog has none (a release says what it changed).
#   scripts/release-notes.sh VERSION [CHANGELOG]
set -euo pipefail
version=${1:?usage: scripts/release-notes.sh VERSION [CHANGELOG]}
changelog=${2:-$(dirname "$0")/../CHANGELOG.md}
awk -v v="$version" '
  /^## \[/ { if (found) exit; if (index($0, "## [" v "]") == 1) { found = 1; next } }
  /^\[[^]]+\]: / { if (found) exit }
  found { print }
  END { if (!found) { print "CHANGELOG.md has no section for " v > "/dev/stderr"; exit 1 } }
' "$changelog"
