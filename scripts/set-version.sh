#!/usr/bin/env bash
# Sets one version everywhere: Cargo.toml (and Cargo.lock), the npm packages and their exact
# pins, the pre-commit hooks' package and its pin on the wheel, the GitHub Action, the VS Code
# extension and the docs' examples (docs/src/ci.md). tests/versions.rs checks they agree.
#   scripts/set-version.sh X.Y.Z
set -euo pipefail
source "$(dirname "$0")/common.sh"
new=${1:?usage: scripts/set-version.sh X.Y.Z}
[[ "$new" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.]+)?$ ]] || { echo "not a version: $new" >&2; exit 2; }
old=$(version)
cd "$repo"
python3 - "$old" "$new" <<'PY'
import json, pathlib, re, sys
old, new = sys.argv[1], sys.argv[2]
def sub(path, pattern, repl, count=1):
    p = pathlib.Path(path); text = p.read_text()
    out, n = re.subn(pattern, repl, text, count=count)
    if n == 0:
        sys.exit(f"{path}: {pattern} not found")
    p.write_text(out)
sub("Cargo.toml", r'(?m)^version = "[^"]+"', f'version = "{new}"')
sub("pyproject.toml", r'(?m)^version = "[^"]+"', f'version = "{new}"')
sub("pyproject.toml", r'"qalint==[^"]+"', f'"qalint=={new}"')
sub("action.yml", r'QALINT_OWN_VERSION: "[^"]+"', f'QALINT_OWN_VERSION: "{new}"')
sub("docs/src/ci.md", r"rev: v" + re.escape(old), f"rev: v{new}", count=0)
sub("docs/src/ci.md", r"qalint/qalint@v" + re.escape(old), f"qalint/qalint@v{new}", count=0)
sub("pypi/README.md", r"rev: v" + re.escape(old), f"rev: v{new}", count=0)
for path in sorted(pathlib.Path("npm").glob("*/package.json")) + [pathlib.Path("editors/vscode/package.json")]:
    data = json.loads(path.read_text())
    data["version"] = new
    for name in data.get("optionalDependencies", {}):
        data["optionalDependencies"][name] = new
    if "qalint" in data.get("dependencies", {}):
        data["dependencies"]["qalint"] = new
    path.write_text(json.dumps(data, indent=2) + "\n")
PY
(cd editors/vscode && npm version --no-git-tag-version --allow-same-version "$new" >/dev/null)
cargo update --offline --workspace >/dev/null 2>&1 || cargo update --workspace
echo "$old -> $new"
