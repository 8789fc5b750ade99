//! Installs what a fresh machine lacks, idempotently: the wasm target, the pinned
//! wasm-bindgen CLI, npm devDependencies, and (for tests) Debian's chromium + chromedriver.

use crate::ctx::{run, Ctx};
use std::path::Path;
use std::process::Command;

/// Must equal the `wasm-bindgen` pin in Cargo.toml (`=0.2.129`): the CLI refuses other versions.
pub const WASM_BINDGEN_VERSION: &str = "0.2.129";

pub fn ensure_build_tools(ctx: &Ctx) -> Result<(), String> {
    let installed = Command::new("rustup").args(["target", "list", "--installed"]).output().map_err(|e| format!("rustup: {e}"))?;
    if !String::from_utf8_lossy(&installed.stdout).lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    // clippy and rustfmt for `cargo xtask lint` (no-ops when present).
    run(Command::new("rustup").args(["component", "add", "clippy", "rustfmt"]))?;
    if wasm_bindgen_version().as_deref() != Some(WASM_BINDGEN_VERSION) {
        eprintln!("xtask: installing wasm-bindgen-cli {WASM_BINDGEN_VERSION} (about 3 minutes, once)");
        run(Command::new("cargo").args(["install", "wasm-bindgen-cli", "--version", WASM_BINDGEN_VERSION, "--locked"]))?;
    }
    ensure_npm(&ctx.root)
}

fn wasm_bindgen_version() -> Option<String> {
    let out = Command::new("wasm-bindgen").arg("--version").output().ok()?;
    String::from_utf8_lossy(&out.stdout).split_whitespace().nth(1).map(str::to_string)
}

fn ensure_npm(root: &Path) -> Result<(), String> {
    let marker = root.join("node_modules/.package-lock.json");
    let lock = root.join("package-lock.json");
    let stale = match (std::fs::metadata(&marker), std::fs::metadata(&lock)) {
        (Ok(m), Ok(l)) => m.modified().ok() < l.modified().ok(),
        _ => true,
    };
    if stale || !root.join("node_modules/.bin/wasm-opt").exists() || !root.join("node_modules/.bin/tsc").exists() {
        run(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(root))?;
    }
    Ok(())
}

/// Debian's chromium and chromedriver (Playwright and wasm-bindgen-test drive them).
pub fn ensure_browser() -> Result<(), String> {
    if Path::new("/usr/bin/chromium").exists() && Path::new("/usr/bin/chromedriver").exists() {
        return Ok(());
    }
    eprintln!("xtask: installing Debian's chromium and chromium-driver");
    run(Command::new("apt-get").arg("update").arg("-qq"))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "-qq", "--no-install-recommends", "chromium", "chromium-driver"])
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

/// Debian's Firefox ESR (the Firefox suites drive it headless through WebDriver BiDi).
pub fn ensure_firefox() -> Result<(), String> {
    if Path::new(FIREFOX).exists() {
        return Ok(());
    }
    eprintln!("xtask: installing Debian's firefox-esr");
    run(Command::new("apt-get").arg("update").arg("-qq"))?;
    run(Command::new("apt-get").args(["install", "-y", "-qq", "--no-install-recommends", "firefox-esr"]).env("DEBIAN_FRONTEND", "noninteractive"))
}

pub const FIREFOX: &str = "/usr/bin/firefox-esr";
/// geckodriver for the wasm-bindgen-test run in Firefox, pinned like the wasm-bindgen CLI.
pub const GECKODRIVER_VERSION: &str = "0.37.1";

/// geckodriver, installed into `target/tools/geckodriver/bin/` (about 75 s, once). Never on
/// PATH: wasm-bindgen-test-runner picks the first driver it finds there, geckodriver first,
/// and the Chromium wasm suite would silently move to Firefox. Only the Firefox run gets it,
/// through `GECKODRIVER`.
pub fn ensure_geckodriver(ctx: &Ctx) -> Result<std::path::PathBuf, String> {
    let root = ctx.root.join("target/tools/geckodriver");
    let bin = root.join("bin/geckodriver");
    let installed = Command::new(&bin).arg("--version").output().ok().map(|o| String::from_utf8_lossy(&o.stdout).into_owned());
    if !installed.is_some_and(|v| v.starts_with(&format!("geckodriver {GECKODRIVER_VERSION}"))) {
        eprintln!("xtask: installing geckodriver {GECKODRIVER_VERSION} into {} (about 75 s, once)", root.display());
        run(Command::new("cargo").args(["install", "geckodriver", "--version", GECKODRIVER_VERSION, "--locked", "--root"]).arg(&root))?;
    }
    Ok(bin)
}
