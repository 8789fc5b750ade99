//! `dist/extension/`: a loadable copy of `extension/` with the wasm package inside.
//!
//! Layout: everything from `extension/` (the worker's modules `sw-*.js` included), plus
//! `respond-view.js` / `respond-intel.js` / `dom.js` / `respond-view.css` (the shared view and its DOM helper, copied from `www/`) and
//! `pkg/securex_respond.js` + `pkg/securex_respond_bg.wasm` (the extension's wasm package,
//! `target/pkg-extension/`, not the portal's `www/pkg/`); `icons/*.svg` is replaced by its
//! PNGs (icons.rs); `privacy.txt` is PRIVACY.md. Every `./` import of the copy's
//! scripts is checked to be in the copy.
//! This copy is the DEV build for the local stand-in: its manifest gets `http://127.0.0.1/*` in
//! `host_permissions` and `version_name` "<version> dev", and `dev-config.json` holds the demo
//! client. The shipped `extension/` has neither; `cargo xtask package` (package.rs) packs the
//! same staged files without those three changes.

use crate::ctx::Ctx;
use serde_json::{json, Value};
use std::fs;
use std::path::Path;

/// Builds `dist/extension/` when `extension/manifest.json` exists. `standin_url` is the
/// demo stand-in, written into a dev-only config file that the shipped build does not have.
pub fn extension(ctx: &Ctx, standin_url: &str) -> Result<(), String> {
    extension_into(ctx, standin_url, &ctx.root.join("dist/extension"))
}

/// The same dev copy into `out` (the test commands give each run its own folder, so that two
/// runs in one tree do not overwrite each other's extension).
pub fn extension_into(ctx: &Ctx, standin_url: &str, out: &Path) -> Result<(), String> {
    if !ctx.root.join("extension/manifest.json").exists() {
        return Ok(());
    }
    let out = out.to_path_buf();
    stage(ctx, &out)?;

    // Dev-only changes to the manifest.
    let manifest_path = out.join("manifest.json");
    let text = fs::read_to_string(&manifest_path).map_err(|e| e.to_string())?;
    let mut manifest: Value = serde_json::from_str(&text).map_err(|e| format!("extension/manifest.json: {e}"))?;
    let version = manifest["version"].as_str().unwrap_or("0").to_string();
    manifest["version_name"] = json!(format!("{version} dev"));
    let hosts = manifest["host_permissions"].as_array_mut().ok_or("manifest.json: host_permissions must be an array")?;
    if !hosts.iter().any(|h| h == "http://127.0.0.1/*") {
        hosts.push(json!("http://127.0.0.1/*"));
    }
    write(&manifest_path, &serde_json::to_string_pretty(&manifest).map_err(|e| e.to_string())?)?;

    let dev = json!({
        "baseUrl": standin_url,
        "privateIntelUrl": standin_url,
        "clientId": crate::ctx::DEMO_CLIENT_ID,
        "clientSecret": crate::ctx::DEMO_CLIENT_SECRET,
    });
    write(&out.join("dev-config.json"), &serde_json::to_string_pretty(&dev).map_err(|e| e.to_string())?)?;

    let (files, bytes) = size(&out);
    println!("extension: {} ({files} files, {:.0} KB; dev copy preconfigured for the stand-in at {standin_url})", out.display(), bytes as f64 / 1024.0);
    println!("           load it: chrome://extensions → Developer mode → Load unpacked → {}", out.display());
    Ok(())
}

/// The files every copy has, dev or shipped (`package.rs` packs the same): `extension/`, the
/// shared respond view, and the extension's wasm package (its JS and wasm only: no types, no maps).
pub fn stage(ctx: &Ctx, out: &Path) -> Result<(), String> {
    if out.exists() {
        fs::remove_dir_all(out).map_err(|e| format!("clearing {}: {e}", out.display()))?;
    }
    copy_dir(&ctx.root.join("extension"), out)?;
    // icons/*.svg → the PNGs the manifests and the worker name (the SVGs do not ship).
    crate::icons::rasterise(out)?;
    let www = ctx.root.join("www");
    for f in ["respond-view.js", "respond-intel.js", "respond-view.css", "dom.js"] {
        copy(&www.join(f), &out.join(f))?;
    }
    // The privacy policy, verbatim, for the options page's link (PRIVACY.md at the root).
    copy(&ctx.root.join("PRIVACY.md"), &out.join("privacy.txt"))?;
    // The extension's wasm package (build.rs: the core with the `extension` feature), as `pkg/`.
    fs::create_dir_all(out.join("pkg")).map_err(|e| e.to_string())?;
    let pkg = crate::build::extension_pkg(ctx);
    for f in ["securex_respond.js", "securex_respond_bg.wasm"] {
        copy(&pkg.join(f), &out.join("pkg").join(f))?;
    }
    check_imports(out)
}

/// Every module the copy's scripts import (`from './x.js'`) is in the copy: the worker is split
/// into modules, and a missing one would only show as a worker that does not start.
fn check_imports(dir: &Path) -> Result<(), String> {
    let mut missing = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| e.to_string())?.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|x| x != "js") {
            continue;
        }
        let text = fs::read_to_string(&path).map_err(|e| format!("reading {}: {e}", path.display()))?;
        for rest in text.split(" from ").skip(1) {
            let Some(quote) = rest.chars().next().filter(|c| *c == '\'' || *c == '"') else { continue };
            let Some(spec) = rest[1..].split(quote).next() else { continue };
            if spec.starts_with("./") && !dir.join(spec).exists() {
                missing.push(format!("{} imports {spec}", path.file_name().unwrap_or_default().to_string_lossy()));
            }
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!("dist/extension is missing imported modules: {}", missing.join(", ")))
    }
}

fn copy(from: &Path, to: &Path) -> Result<(), String> {
    fs::copy(from, to).map(|_| ()).map_err(|e| format!("copying {} → {}: {e}", from.display(), to.display()))
}

pub fn write(path: &Path, text: &str) -> Result<(), String> {
    fs::write(path, text).map_err(|e| format!("writing {}: {e}", path.display()))
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|e| format!("creating {}: {e}", to.display()))?;
    for entry in fs::read_dir(from).map_err(|e| format!("reading {}: {e}", from.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(&name))?;
        } else {
            copy(&path, &to.join(&name))?;
        }
    }
    Ok(())
}

pub fn size(dir: &Path) -> (usize, u64) {
    let mut files = 0;
    let mut bytes = 0;
    if let Ok(rd) = fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                let (f, b) = size(&p);
                files += f;
                bytes += b;
            } else if let Ok(m) = e.metadata() {
                files += 1;
                bytes += m.len();
            }
        }
    }
    (files, bytes)
}
