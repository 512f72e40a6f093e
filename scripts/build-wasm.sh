#!/usr/bin/env bash
# Builds the WebAssembly module (crates/qalint_wasm, profile `wasm`) into npm/wasm/qalint.wasm
# (and the docs' playground, with its binding)
# and says its size, raw and gzipped (the budget: 1.5 MB gzipped).
#   scripts/build-wasm.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
cargo build --quiet -p qalint_wasm --target wasm32-unknown-unknown --profile wasm --manifest-path "$repo/Cargo.toml"
target=$(target_dir)
install -m 0644 "$target/wasm32-unknown-unknown/wasm/qalint_wasm.wasm" "$repo/npm/wasm/qalint.wasm"
# The docs' playground serves the same module and binding.
install -m 0644 "$repo/npm/wasm/qalint.wasm" "$repo/docs/src/playground/qalint.wasm"
install -m 0644 "$repo/npm/wasm/index.js" "$repo/docs/src/playground/qalint.js"
raw=$(wc -c < "$repo/npm/wasm/qalint.wasm")
gz=$(gzip -9 -c "$repo/npm/wasm/qalint.wasm" | wc -c)
echo "npm/wasm/qalint.wasm: $raw bytes, $gz gzipped"
if [ "$gz" -gt 1572864 ]; then
  echo "the module is over its budget of 1.5 MB gzipped" >&2
  exit 1
fi
