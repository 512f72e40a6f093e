# Shared by the scripts: where cargo puts what it builds (CARGO_TARGET_DIR and
# .cargo/config.toml honoured), and the one version (Cargo.toml's).
# shellcheck shell=bash

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

metadata() {
  (cd "$repo" && cargo metadata --no-deps --format-version 1 --offline 2>/dev/null \
    || cargo metadata --no-deps --format-version 1)
}

target_dir() {
  metadata | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])'
}

version() {
  metadata | python3 -c 'import json, sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "qalint"))'
}

# The release binary: QALINT_BINARY when set, else built now.
release_binary() {
  if [ -n "${QALINT_BINARY:-}" ]; then
    [ -x "$QALINT_BINARY" ] || { echo "QALINT_BINARY=$QALINT_BINARY is not an executable" >&2; return 1; }
    echo "$QALINT_BINARY"
    return
  fi
  (cd "$repo" && cargo build --release --locked --bin qalint >&2)
  echo "$(target_dir)/release/qalint"
}

# The tarballs scripts/npm-pack.sh wrote into $1: sets `main` (qalint's), `platform_tgz` (this
# machine's platform package) and `platform` (its name), `nuxt_tgz` (@qalint/nuxt's), and `want`
# (the version).
npm_tarballs() {
  want=$(version)
  main="$1/qalint-$want.tgz"
  nuxt_tgz="$1/qalint-nuxt-$want.tgz"
  wasm_tgz="$1/qalint-wasm-$want.tgz"
  platform_tgz=$(ls "$1"/qalint-cli-*-"$want".tgz | head -n 1)
  platform="@qalint/cli-$(basename "$platform_tgz" "-$want.tgz" | sed 's/^qalint-cli-//')"
}

# The Nuxt app in the current folder takes qalint from the tarballs (npm_tarballs first): the
# main package and @qalint/nuxt as devDependencies, and this machine's platform package in
# place of the registry's.
use_tarballs() {
  node -e '
    const fs = require("fs");
    const [main, nuxt, platform, platformTgz] = process.argv.slice(1);
    const p = JSON.parse(fs.readFileSync("package.json", "utf8"));
    p.devDependencies = { qalint: "file:" + main, "@qalint/nuxt": "file:" + nuxt };
    p.overrides = { qalint: "file:" + main, [platform]: "file:" + platformTgz };
    fs.writeFileSync("package.json", JSON.stringify(p, null, 2));
  ' "$main" "$nuxt_tgz" "$platform" "$platform_tgz"
}
