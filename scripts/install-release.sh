#!/usr/bin/env bash
# The GitHub Action's install step: downloads qalint's release archive for this machine from
# BASE_URL/vVERSION/, checks its SHA-256 against the `.sha256` file published with the release,
# and puts the binary in DEST. Nothing is installed when anything does not match.
#   scripts/install-release.sh VERSION BASE_URL DEST [TARGET]
# QALINT_PINNED names a file of pinned checksums (`SHA256  ARCHIVE` lines, the Action's own
# action-checksums.txt): an archive listed there must match it.
# BASE_URL is https://github.com/OWNER/qalint/releases/download, or a file:// folder laid out
# the same way (how CI tests this script). TARGET defaults to this machine's.
set -euo pipefail
version=${1:?usage: install-release.sh VERSION BASE_URL DEST [TARGET]}
base=${2:?usage: install-release.sh VERSION BASE_URL DEST [TARGET]}
dest=${3:?usage: install-release.sh VERSION BASE_URL DEST [TARGET]}
target=${4:-}

fail() { echo "::error title=qalint install::$*" >&2; exit 1; }

if [ -z "$target" ]; then
  # Linux gets the static musl build: it runs on any runner image and in Alpine containers.
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) target=x86_64-unknown-linux-musl ;;
    Linux-aarch64 | Linux-arm64) target=aarch64-unknown-linux-musl ;;
    Darwin-x86_64) target=x86_64-apple-darwin ;;
    Darwin-arm64) target=aarch64-apple-darwin ;;
    MINGW*-x86_64 | MSYS*-x86_64 | CYGWIN*-x86_64) target=x86_64-pc-windows-msvc ;;
    *) fail "no prebuilt qalint for $(uname -s) $(uname -m): use install: source" ;;
  esac
fi
case "$target" in
  *windows*) ext=zip exe=qalint.exe ;;
  *) ext=tar.gz exe=qalint ;;
esac
name="qalint-$version-$target"
url="${base%/}/v$version/$name.$ext"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# https only, redirects included (file:// is how CI tests this script).
fetch() {
  curl --fail --silent --show-error --location --proto '=https,file' --proto-redir '=https' \
    --retry 3 -o "$2" "$1"
}
# The checksum is fetched on every run; the archive only when the one kept beside an earlier
# install (DEST/.archive) does not match it. The binary is always unpacked again from the
# archive just checked: nothing already in DEST (a tool cache an earlier job could write) is
# run unchecked.
fetch "$url.sha256" "$tmp/$name.$ext.sha256" || fail "cannot download $url.sha256"

expected=$(awk '{ print $1; exit }' "$tmp/$name.$ext.sha256")
[[ "$expected" =~ ^[0-9a-f]{64}$ ]] || fail "$url.sha256 holds no SHA-256"
pinned=
if [ -n "${QALINT_PINNED:-}" ]; then
  pinned=$(awk -v n="$name.$ext" '$1 !~ /^#/ && $2 == n { print $1; exit }' "$QALINT_PINNED")
fi
if [ -n "$pinned" ]; then
  [ "$expected" = "$pinned" ] \
    || fail "$url.sha256 says $expected, but this action pins $pinned for $name.$ext: not installed"
else
  echo "::warning title=qalint install::$name.$ext is not pinned in this action: checked against the release's own .sha256"
fi
sha256() {
  if command -v sha256sum >/dev/null; then sha256sum "$1" | awk '{ print $1 }'; else shasum -a 256 "$1" | awk '{ print $1 }'; fi
}
kept="$dest/.archive/$name.$ext"
if [ -f "$kept" ] && [ ! -L "$kept" ] && [ "$(sha256 "$kept")" = "$expected" ]; then
  cp "$kept" "$tmp/$name.$ext"
else
  fetch "$url" "$tmp/$name.$ext" || fail "cannot download $url"
fi
actual=$(sha256 "$tmp/$name.$ext")
[ "$actual" = "$expected" ] || fail "$name.$ext does not match its published SHA-256 (expected $expected, got $actual): not installed"

mkdir -p "$tmp/unpacked"
case "$ext" in
  zip) unzip -q "$tmp/$name.$ext" -d "$tmp/unpacked" ;;
  *) tar -xzf "$tmp/$name.$ext" -C "$tmp/unpacked" ;;
esac
binary="$tmp/unpacked/$name/$exe"
[ -f "$binary" ] || fail "$name.$ext holds no $name/$exe"
said=$("$binary" --version) || fail "$name/$exe does not run here"
[ "$said" = "qalint $version" ] || fail "$name/$exe says '$said', not 'qalint $version'"
mkdir -p "$dest/.archive"
install -m 0755 "$binary" "$dest/$exe"
cp "$tmp/$name.$ext" "$kept.new"
mv -f "$kept.new" "$kept"
echo "qalint $version ($target) installed in $dest"
