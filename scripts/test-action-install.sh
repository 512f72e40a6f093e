#!/usr/bin/env bash
# Tests the Action's download-and-verify step (scripts/install-release.sh) against a local
# folder laid out like a GitHub release: the archive installs and runs; a tampered archive, a
# checksum file that holds none and a missing archive each fail, and install nothing.
#   scripts/test-action-install.sh BINARY
set -euo pipefail
source "$(dirname "$0")/common.sh"
binary=${1:?usage: scripts/test-action-install.sh BINARY}
want=$(version)
target=x86_64-unknown-linux-gnu
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
release="$work/releases/v$want"
mkdir -p "$release/qalint-$want-$target"
cp "$binary" "$release/qalint-$want-$target/qalint"
archive="qalint-$want-$target.tar.gz"
(cd "$release" && tar -czf "$archive" "qalint-$want-$target" && sha256sum "$archive" > "$archive.sha256")
install() { bash "$repo/scripts/install-release.sh" "$want" "file://$work/releases" "$1" "$target"; }

install "$work/good" > "$work/good.log"
[ "$("$work/good/qalint" --version)" = "qalint $want" ] || { cat "$work/good.log"; echo "FAIL: not installed"; exit 1; }
echo "ok: a release archive that matches its SHA-256 installs"

# A binary planted in the tool cache (an earlier job of a self-hosted runner) is never run:
# every run unpacks the binary again from an archive that matches the checksum.
printf '#!/bin/sh\necho "qalint %s"\n' "$want" > "$work/good/qalint"
install "$work/good" > "$work/again.log"
cmp -s "$work/good/qalint" "$binary" || { cat "$work/again.log"; echo "FAIL: a planted binary stayed"; exit 1; }
printf 'x' | dd of="$work/good/.archive/$archive" bs=1 seek=100 conv=notrunc status=none
install "$work/good" > "$work/again.log"
cmp -s "$work/good/qalint" "$binary" || { cat "$work/again.log"; echo "FAIL: a tampered cached archive was used"; exit 1; }
echo "ok: a planted binary and a tampered cached archive are replaced from the checked release"

expect_refused() { # what, message
  if install "$work/bad" > "$work/bad.log" 2>&1; then
    cat "$work/bad.log"; echo "FAIL: $1 was installed"; exit 1
  fi
  grep -q "$2" "$work/bad.log" || { cat "$work/bad.log"; echo "FAIL: $1: no '$2'"; exit 1; }
  [ ! -e "$work/bad" ] || { echo "FAIL: $1 left files in the destination"; exit 1; }
  echo "ok: $1 is refused ($2)"
}
# Pinned in the Action: a release whose archive and .sha256 were both replaced is refused.
printf '# pinned\n%s  %s\n' "$(awk '{ print $1 }' "$release/$archive.sha256")" "$archive" > "$work/pinned.txt"
QALINT_PINNED="$work/pinned.txt" install "$work/pinned" > "$work/pinned.log"
grep -q "not pinned" "$work/pinned.log" && { echo "FAIL: a pinned archive was said unpinned"; exit 1; }
cp "$release/$archive" "$work/good.tgz"
cp "$release/$archive.sha256" "$work/good.sha256"
printf 'x' | dd of="$release/$archive" bs=1 seek=100 conv=notrunc status=none
(cd "$release" && sha256sum "$archive" > "$archive.sha256")
if QALINT_PINNED="$work/pinned.txt" install "$work/swapped" > "$work/swapped.log" 2>&1; then
  cat "$work/swapped.log"; echo "FAIL: an archive swapped with its .sha256 was installed"; exit 1
fi
grep -q "but this action pins" "$work/swapped.log" || { cat "$work/swapped.log"; echo "FAIL: no word of the pin"; exit 1; }
[ ! -e "$work/swapped" ] || { echo "FAIL: the swapped archive left files"; exit 1; }
cp "$work/good.tgz" "$release/$archive"
cp "$work/good.sha256" "$release/$archive.sha256"
echo "ok: an archive pinned in the action installs; one swapped with its .sha256 on the host is refused"

cp "$release/$archive" "$work/good.tgz"
printf 'x' | dd of="$release/$archive" bs=1 seek=100 conv=notrunc status=none
expect_refused "a tampered archive" "does not match its published SHA-256"
cp "$work/good.tgz" "$release/$archive"
cp "$release/$archive.sha256" "$work/good.sha256"
echo "not a checksum" > "$release/$archive.sha256"
expect_refused "a checksum file with no SHA-256" "holds no SHA-256"
cp "$work/good.sha256" "$release/$archive.sha256"
rm "$release/$archive"
expect_refused "a missing archive" "cannot download"
