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
    assert_eq!(deps.len(), 7, "one package per platform");
    for (name, pin) in deps {
        assert_eq!(pin, VERSION, "{name} is pinned exactly");
        let folder = format!(
            "npm/{}/package.json",
            name.strip_prefix("@qalint/").expect("scoped")
        );
        let platform = json(&folder);
        assert_eq!(&platform["name"], name, "{folder}");
        assert_eq!(platform["version"], VERSION, "{folder}");
        assert_eq!(platform["preferUnplugged"], true, "{folder}");
        for field in ["os", "cpu"] {
            assert!(platform[field].is_array(), "{folder}: {field}");
        }
        let linux = platform["os"][0] == "linux";
        assert_eq!(platform["libc"].is_array(), linux, "{folder}: libc");
        assert!(platform["scripts"].is_null(), "{folder}: no install script");
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
