//! One version everywhere: Cargo.toml's is the one the npm packages, the pre-commit hooks'
//! pin, the wheel (maturin reads Cargo.toml), the GitHub Action and the VS Code extension say.
//! `scripts/set-version.sh X.Y.Z` changes them all (tests/readme.rs checks the README's pins).

use std::path::Path;

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel))
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn json(rel: &str) -> serde_json::Value {
    serde_json::from_str(&read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

const VERSION: &str = env!("CARGO_PKG_VERSION");

#[test]
fn every_npm_package_has_cargos_version_and_pins_it_exactly() {
    let main = json("npm/qalint/package.json");
    assert_eq!(main["version"], VERSION, "npm/qalint");
    let deps = main["optionalDependencies"]
        .as_object()
        .expect("optionalDependencies");
    assert_eq!(
        deps.len(),
        8,
        "one package per platform, and the WebAssembly build"
    );
    // The platform packages are written from one table (npm/platforms.json) at pack and
    // release time: the main package depends on exactly its rows, and on @qalint/wasm (the
    // launcher's fallback where none of them runs).
    let table = json("npm/platforms.json");
    let rows = table["platforms"].as_array().expect("platforms");
    let mut names: Vec<String> = rows
        .iter()
        .map(|r| format!("@qalint/cli-{}", r["key"].as_str().expect("key")))
        .collect();
    names.push("@qalint/wasm".into());
    assert_eq!(
        json("npm/wasm/package.json")["version"],
        VERSION,
        "npm/wasm"
    );
    for (name, pin) in deps {
        assert_eq!(pin, VERSION, "{name} is pinned exactly");
        assert!(
            names.contains(name),
            "{name} is a row of npm/platforms.json"
        );
    }
    for row in rows {
        for field in ["os", "cpu", "target", "binary", "label"] {
            assert!(row[field].is_string(), "{row}: {field}");
        }
        let linux = row["os"] == "linux";
        assert_eq!(row["libc"].is_string(), linux, "{row}: libc");
    }
    assert!(main["scripts"].is_null(), "no install script");
    let nuxt = json("npm/nuxt/package.json");
    assert_eq!(nuxt["version"], VERSION, "npm/nuxt");
    assert_eq!(
        nuxt["dependencies"]["qalint"], VERSION,
        "@qalint/nuxt pins qalint exactly"
    );
}

#[test]
fn the_hooks_the_action_and_the_editor_agree() {
    let hooks = read("pyproject.toml");
    assert!(
        hooks.contains(&format!("version = \"{VERSION}\"")),
        "pyproject.toml: the hooks' package"
    );
    assert!(
        hooks.contains(&format!("dependencies = [\"qalint=={VERSION}\"]")),
        "pyproject.toml pins the wheel of this version"
    );
    // maturin takes the wheel's version from Cargo.toml.
    let wheel = read("pypi/pyproject.toml");
    assert!(wheel.contains("dynamic = [\"version\"]"));
    assert!(wheel.contains("manifest-path = \"../Cargo.toml\""));
    let action = read("action.yml");
    assert!(
        action.contains(&format!("QALINT_OWN_VERSION: \"{VERSION}\"")),
        "action.yml downloads its own version"
    );
    assert_eq!(json("editors/vscode/package.json")["version"], VERSION);
}
