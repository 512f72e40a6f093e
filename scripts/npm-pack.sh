#!/usr/bin/env bash
# Writes the npm tarballs of the main package `qalint`, of the Nuxt module `@qalint/nuxt`, of the
# WebAssembly package `@qalint/wasm` and of this machine's platform package
# (`@qalint/cli-linux-x64` here) into OUT_DIR, with the binary in QALINT_BINARY (else the
# release binary, built now). The version comes from Cargo.toml: every package.json must agree.
#   scripts/npm-pack.sh OUT_DIR
set -euo pipefail
source "$(dirname "$0")/common.sh"
out=${1:?usage: scripts/npm-pack.sh OUT_DIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
want=$(version)
binary=$(release_binary)

for manifest in "$repo"/npm/*/package.json; do
  got=$(node -p "const p = require('$manifest'); [p.version, ...Object.values(p.optionalDependencies || {})].find(v => v !== '$want') || '$want'")
  if [ "$got" != "$want" ]; then
    echo "$manifest says $got, Cargo.toml says $want (run scripts/set-version.sh $want)" >&2
    exit 1
  fi
done

# This machine's package: the first candidate the shim itself would look for.
platform=$(node -p "require('$repo/npm/qalint/lib/platform.js').candidates()[0] || ''")
[ -n "$platform" ] || { echo "no platform package for this machine" >&2; exit 1; }

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -R "$repo/npm/qalint" "$stage/main"
# The platform package's manifest comes from the one table (npm/platforms.json).
exe=$(node "$repo/npm/platform-package.js" "${platform#@qalint/cli-}" "$want" "$stage/platform")
cp "$repo/LICENSE" "$stage/main/"
cp "$repo/LICENSE" "$stage/platform/"
cp -R "$repo/npm/nuxt" "$stage/nuxt"
rm -rf "$stage/nuxt/node_modules"
cp "$repo/LICENSE" "$stage/nuxt/"
install -m 0755 "$binary" "$stage/platform/$exe"
(cd "$stage/main" && npm pack --silent --pack-destination "$out" >/dev/null)
(cd "$stage/platform" && npm pack --silent --pack-destination "$out" >/dev/null)
(cd "$stage/nuxt" && npm pack --silent --pack-destination "$out" >/dev/null)
# @qalint/wasm: the WebAssembly module, built now when it is not there yet.
[ -s "$repo/npm/wasm/qalint.wasm" ] || bash "$repo/scripts/build-wasm.sh"
cp -R "$repo/npm/wasm" "$stage/wasm"
rm -rf "$stage/wasm/test" "$stage/wasm/node_modules"
cp "$repo/LICENSE" "$stage/wasm/"
(cd "$stage/wasm" && npm pack --silent --pack-destination "$out" >/dev/null)
ls "$out"/qalint-"$want".tgz "$out"/qalint-nuxt-"$want".tgz "$out"/qalint-cli-"${platform#@qalint/cli-}"-"$want".tgz \
  "$out"/qalint-wasm-"$want".tgz
