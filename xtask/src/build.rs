//! Builds the wasm package into `www/pkg/` (cargo → wasm-bindgen --target web → wasm-opt -Oz)
//! and reports its size.

use crate::ctx::{run, Ctx};
use std::path::Path;
use std::process::Command;

pub fn wasm_package(ctx: &Ctx) -> Result<(), String> {
    let root = &ctx.root;
    run(Command::new("cargo").args(["build", "--release", "--lib", "--target", "wasm32-unknown-unknown", "-p", "securex-respond"]).current_dir(root))?;
    let wasm = root.join("target/wasm32-unknown-unknown/release/securex_respond.wasm");
    let out = root.join("www/pkg");
    run(Command::new("wasm-bindgen").args(["--target", "web", "--out-dir"]).arg(&out).arg(&wasm).current_dir(root))?;
    let bg = out.join("securex_respond_bg.wasm");
    let before = size(&bg)?;
    run(Command::new(root.join("node_modules/.bin/wasm-opt"))
        .arg("-Oz")
        .arg("--converge")
        .arg("--low-memory-unused")
        .arg("--zero-filled-memory")
        .arg("--strip-producers")
        .arg("--enable-bulk-memory")
        .arg("--enable-nontrapping-float-to-int")
        .arg("--enable-sign-ext")
        .arg("--enable-mutable-globals")
        .arg("--enable-simd")
        .arg(&bg)
        .arg("-o")
        .arg(&bg))?;
    let after = size(&bg)?;
    let js = out.join("securex_respond.js");
    println!(
        "xtask: wasm {} KB raw ({} KB before wasm-opt), {} KB gzip; JS glue {} KB raw, {} KB gzip",
        kb(after.0),
        kb(before.0),
        kb(after.1),
        kb(size(&js)?.0),
        kb(size(&js)?.1)
    );
    Ok(())
}

fn kb(b: u64) -> String {
    format!("{:.1}", b as f64 / 1024.0)
}

/// (raw bytes, gzip -9 bytes)
pub fn size(path: &Path) -> Result<(u64, u64), String> {
    let raw = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?.len();
    let gz = Command::new("sh").arg("-c").arg("gzip -9 -c \"$0\" | wc -c").arg(path).output().map_err(|e| format!("gzip: {e}"))?;
    let gz = String::from_utf8_lossy(&gz.stdout).trim().parse::<u64>().unwrap_or(0);
    Ok((raw, gz))
}
