#!/usr/bin/env bash
# Builds the `qalint` wheel (pypi/, maturin's `bin` bindings) into OUT_DIR, in a throwaway
# virtual environment with a pinned maturin. The wheel is manylinux: maturin checks the
# binary's glibc symbols (auditwheel's policy) and tags it with the oldest glibc it runs on.
# The binary inside it is the release build; CI takes it from the wheel for the npm and
# pre-commit checks, so the release binary is built once.
#   scripts/build-wheel.sh OUT_DIR
set -euo pipefail
source "$(dirname "$0")/common.sh"
out=${1:?usage: scripts/build-wheel.sh OUT_DIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
venv=$(mktemp -d)
trap 'rm -rf "$venv"' EXIT
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check maturin==1.16.0
# maturin builds with cargo into the usual target folder (CARGO_TARGET_DIR honoured).
(cd "$repo/pypi" && "$venv/bin/maturin" build --release --locked --out "$out")
ls "$out"/qalint-"$(version)"-*.whl
