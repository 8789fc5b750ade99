//! `cargo xtask lint`: the checks that run first inside `cargo xtask test`, each failing with
//! file and line:
//! - the repository stands on its own: no tracked file refers to the workspace folder beside it;
//! - ARCHITECTURE.md names every source file and only existing ones, and the Markdown links
//!   resolve (`tidy.rs`);
//! - no import circle between files (`circles.rs`);
//! - every locale has every key: `_locales` and the pages' `data-label`s (`locales.rs`);
//! - `cargo fmt --check`;
//! - `cargo clippy --all-targets -D warnings`, natively (whole workspace) and for
//!   `wasm32-unknown-unknown` (the core, where `src/wasm/` compiles, and the browser suites;
//!   and the portal's build, without the `extension` feature);
//! - ESLint over the hand-written JavaScript (`eslint.config.js`: correctness, plus the
//!   "JavaScript makes no decisions" rules for `extension/` and `www/`);
//! - `tsc --checkJs --noEmit` over `extension/` and `www/` (`tsconfig.json`) against the `.d.ts`
//!   of both wasm packages (built first when missing or older than the Rust sources).

use crate::ctx::{run, Ctx};
use std::process::Command;

pub fn run_all(ctx: &Ctx) -> Result<(), String> {
    let mut failed = Vec::new();
    let mut step = |name: &str, r: Result<(), String>| match r {
        Ok(()) => println!("lint: {name}: ok"),
        Err(e) => {
            println!("lint: {name}: FAILED: {e}");
            failed.push(name.to_string());
        }
    };
    step("self-contained", self_contained(ctx));
    step("architecture map and doc links", crate::tidy::check(&ctx.root));
    step("import circles", crate::circles::check(&ctx.root));
    step("locales", crate::locales::check(&ctx.root));
    step("rustfmt", run(Command::new("cargo").args(["fmt", "--all", "--", "--check"]).current_dir(&ctx.root)));
    step("clippy (native)", run(Command::new("cargo").args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]).current_dir(&ctx.root)));
    step(
        "clippy (wasm32)",
        run(Command::new("cargo")
            // The library and the wasm-bindgen-test suites; the other test files are native-only.
            .args(["clippy", "-p", "securex-respond", "--lib", "--test", "browser*", "--target", "wasm32-unknown-unknown", "--", "-D", "warnings"])
            .current_dir(&ctx.root)),
    );
    step(
        "clippy (wasm32, portal)",
        // The portal's build (`cargo xtask build`): the core without the extension's rooms.
        run(Command::new("cargo")
            .args(["clippy", "-p", "securex-respond", "--lib", "--no-default-features", "--target", "wasm32-unknown-unknown", "--", "-D", "warnings"])
            .current_dir(&ctx.root)),
    );
    step("eslint", run(Command::new(ctx.root.join("node_modules/.bin/eslint")).args(["--max-warnings", "0", "."]).current_dir(&ctx.root)));
    step("tsc --checkJs", tsc(ctx));
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("lint failed: {}", failed.join(", ")))
    }
}

/// The JavaScript type-checked against the wasm exports' generated `.d.ts` (issue 22, item 3).
/// `extension/`'s `./pkg/` is the extension's package (`target/pkg-extension/`, through the
/// `target/tsc/pkg` link that `tsconfig.json`'s `rootDirs` puts beside `extension/`); `www/`'s is
/// the portal's. Both are built first when missing or older than a Rust source of the core.
fn tsc(ctx: &Ctx) -> Result<(), String> {
    let root = &ctx.root;
    let dts = [root.join("www/pkg/securex_respond.d.ts"), crate::build::extension_pkg(ctx).join("securex_respond.d.ts")];
    let built = dts.iter().map(|d| std::fs::metadata(d).and_then(|m| m.modified()).ok()).min().flatten();
    if built.is_none_or(|b| newest(&root.join("src")).is_some_and(|s| s > b)) {
        println!("lint: tsc: building the wasm packages for their .d.ts (cargo xtask build)");
        crate::build::wasm_package(ctx)?;
    }
    let link = root.join("target/tsc/pkg");
    if !link.exists() {
        std::fs::create_dir_all(root.join("target/tsc")).map_err(|e| format!("target/tsc: {e}"))?;
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink("../pkg-extension", &link).map_err(|e| format!("target/tsc/pkg: {e}"))?;
    }
    run(Command::new(root.join("node_modules/.bin/tsc")).args(["-p", "tsconfig.json"]).current_dir(root))
}

/// The newest modification time of a file under `dir`.
fn newest(dir: &std::path::Path) -> Option<std::time::SystemTime> {
    let mut best = None;
    for e in std::fs::read_dir(dir).ok()?.flatten() {
        let t = if e.path().is_dir() { newest(&e.path()) } else { e.metadata().and_then(|m| m.modified()).ok() };
        best = best.max(t);
    }
    best
}

/// Code, tests, benchmarks and docs use only what is in the repository: a clone with nothing
/// beside it must build and pass. Fails on any tracked (or new, not ignored) file that names the
/// project's outside folder.
fn self_contained(ctx: &Ctx) -> Result<(), String> {
    // Spelled in two parts so that this file does not match itself.
    let needle = format!("{}{}", "../", "shared");
    let out = Command::new("git")
        .args(["ls-files", "-z", "--cached", "--others", "--exclude-standard"])
        .current_dir(&ctx.root)
        .output()
        .map_err(|e| format!("git ls-files: {e}"))?;
    let mut hits = Vec::new();
    for path in out.stdout.split(|b| *b == 0).filter(|p| !p.is_empty()) {
        let path = String::from_utf8_lossy(path).to_string();
        let Ok(text) = std::fs::read(ctx.root.join(&path)) else { continue };
        let text = String::from_utf8_lossy(&text);
        for (i, line) in text.lines().enumerate() {
            if line.contains(&needle) {
                hits.push(format!("{path}:{}: refers to {needle}; copy what is needed into the repository", i + 1));
            }
        }
    }
    if hits.is_empty() {
        Ok(())
    } else {
        for h in &hits {
            println!("{h}");
        }
        Err(format!("{} line(s) refer outside the repository", hits.len()))
    }
}
