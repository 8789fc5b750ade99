//! `cargo xtask package`: the store-ready archives, from one source.
//!
//! - `dist/securex-respond-<version>-chrome.zip`: Chrome and Edge (Chrome Web Store, Edge
//!   Add-ons, or unpacked in developer mode);
//! - `dist/securex-respond-<version>-firefox.zip`: Firefox, ready for Mozilla's signing;
//! - `dist/securex-respond-element-<version>.tgz`: the portal element for npm (`npm.rs`).
//!
//! Both hold the same files (`extension/`, the shared respond view, the wasm package: staged by
//! `dist::stage`), without the dev copy's `dev-config.json`, `version_name` or `127.0.0.1` host
//! permission. The version is the core's, from `Cargo.toml`. Only the manifest differs, written
//! here from `extension/manifest.json` (the Chrome/Edge one) by [`manifest_for`]:
//!
//! | key | Chrome/Edge | Firefox |
//! |---|---|---|
//! | `background` | `service_worker` (module) | `scripts: ["background.js"]`, `type: "module"` (an event page) |
//! | `minimum_chrome_version` | 116 | removed |
//! | `browser_specific_settings.gecko` | absent | `id` [`GECKO_ID`], `strict_min_version` [`FIREFOX_MIN`] |
//! | `storage.managed_schema` (+ the file) | kept | removed: Firefox reads policies.json without a schema |
//!
//! Reproducible: entries sorted by path, every timestamp 1980-01-01 00:00, fixed permissions
//! (0644), deflate at level 9, no extra fields; two runs give byte-identical archives
//! (`cargo xtask test` builds twice and compares).
//!
//! Minimum versions. Firefox 140: `browser_specific_settings.gecko.data_collection_permissions`
//! (Mozilla's add-on site requires it of new add-ons; `web-ext lint` warns below 140) and
//! `optional_host_permissions` (a custom base URL's host is asked at run time, 128); the rest
//! is older: MV3 109, `scripting` + `activeTab` 102, `'wasm-unsafe-eval'` 102, module
//! background scripts 112, `storage.session` 115, wasm SIMD 89. 140 is an ESR line (Debian 12
//! ships 140esr in bookworm, 153esr in bookworm-security). Chrome/Edge: the manifest's
//! `minimum_chrome_version` 116 stays as declared since the first version; the features used
//! need at least 103 (`'wasm-unsafe-eval'` in the extension CSP; `storage.session` and its
//! `setAccessLevel` 102, module service workers 91, `scripting` with `func` 92, wasm SIMD 91).
//! Only Chromium 156 and Firefox ESR 153 are tested here.

use crate::ctx::Ctx;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Firefox's add-on id. Mozilla ties an id to the account that signs it first: a SOC that signs
/// its own build under another id changes it here (one place; the tests read it from the manifest).
pub const GECKO_ID: &str = "securex-respond@securex-respond";
/// See the module doc: `data_collection_permissions` needs Firefox 140 (an ESR).
pub const FIREFOX_MIN: &str = "140.0";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Browser {
    Chrome,
    Firefox,
}

impl Browser {
    pub const ALL: [Browser; 2] = [Browser::Chrome, Browser::Firefox];
    pub fn name(self) -> &'static str {
        match self {
            Browser::Chrome => "chrome",
            Browser::Firefox => "firefox",
        }
    }
}

pub struct Archive {
    pub browser: Browser,
    pub path: PathBuf,
    pub bytes: u64,
    pub sha256: String,
    pub files: usize,
}

/// The version of the core crate (`[package] version` in the root Cargo.toml).
pub fn version(ctx: &Ctx) -> Result<String, String> {
    let text = fs::read_to_string(ctx.root.join("Cargo.toml")).map_err(|e| format!("Cargo.toml: {e}"))?;
    let mut in_package = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package {
            if let Some(v) = line.strip_prefix("version").map(str::trim_start).and_then(|r| r.strip_prefix('=')) {
                return Ok(v.trim().trim_matches('"').to_string());
            }
        }
    }
    Err("Cargo.toml: no [package] version".into())
}

/// The manifest for `browser`, from the source manifest (the Chrome/Edge one).
pub fn manifest_for(source: &Value, browser: Browser, version: &str) -> Result<Value, String> {
    let mut m = source.clone();
    let obj = m.as_object_mut().ok_or("extension/manifest.json is not an object")?;
    obj.insert("version".into(), json!(version));
    obj.remove("version_name");
    if browser == Browser::Firefox {
        let worker = obj
            .get("background")
            .and_then(|b| b.get("service_worker"))
            .and_then(Value::as_str)
            .ok_or("manifest.json: background.service_worker missing")?
            .to_string();
        obj.insert("background".into(), json!({ "scripts": [worker], "type": "module" }));
        obj.remove("minimum_chrome_version");
        obj.remove("storage");
        obj.insert(
            "browser_specific_settings".into(),
            json!({ "gecko": {
            "id": GECKO_ID,
            "strict_min_version": FIREFOX_MIN,
            // What leaves the browser (Mozilla's consent categories): the selected text's
            // observables (with "also ask Inspect", the text itself) go to the user's Threat
            // Response organisation. No telemetry, nothing to the developer.
            "data_collection_permissions": { "required": ["websiteContent"] },
        } }),
        );
    }
    Ok(m)
}

/// Builds both archives into `out_dir` (staging under `target/package/`). The extension's wasm
/// package (`target/pkg-extension/`, build.rs) must be built.
pub fn build(ctx: &Ctx, out_dir: &Path) -> Result<Vec<Archive>, String> {
    let version = version(ctx)?;
    let source: Value = serde_json::from_str(&fs::read_to_string(ctx.root.join("extension/manifest.json")).map_err(|e| e.to_string())?)
        .map_err(|e| format!("extension/manifest.json: {e}"))?;
    fs::create_dir_all(out_dir).map_err(|e| format!("creating {}: {e}", out_dir.display()))?;
    let mut out = Vec::new();
    for browser in Browser::ALL {
        let stage = ctx.root.join("target/package").join(std::process::id().to_string()).join(browser.name());
        crate::dist::stage(ctx, &stage)?;
        let manifest = manifest_for(&source, browser, &version)?;
        crate::dist::write(&stage.join("manifest.json"), &(serde_json::to_string_pretty(&manifest).map_err(|e| e.to_string())? + "\n"))?;
        if browser == Browser::Firefox {
            fs::remove_file(stage.join("managed_schema.json")).map_err(|e| format!("managed_schema.json: {e}"))?;
        }
        for dev in ["dev-config.json"] {
            if stage.join(dev).exists() {
                return Err(format!("{dev} must not be in a package"));
            }
        }
        let path = out_dir.join(format!("securex-respond-{version}-{}.zip", browser.name()));
        let files = files_of(&stage)?;
        let bytes = zip(&stage, &files)?;
        fs::write(&path, &bytes).map_err(|e| format!("writing {}: {e}", path.display()))?;
        let _ = fs::remove_dir_all(&stage);
        out.push(Archive { browser, path, bytes: bytes.len() as u64, sha256: sxr_codec::hex(&Sha256::digest(&bytes)), files: files.len() });
    }
    let _ = fs::remove_dir_all(ctx.root.join("target/package").join(std::process::id().to_string()));
    Ok(out)
}

/// `cargo xtask package`: builds the wasm package, then both archives into `dist/`.
pub fn run(ctx: &Ctx) -> Result<(), String> {
    crate::setup::ensure_build_tools(ctx)?;
    crate::build::wasm_package(ctx)?;
    let archives = build(ctx, &ctx.root.join("dist"))?;
    print(ctx, &archives);
    let tgz = crate::npm::pack(ctx, &version(ctx)?, &ctx.root.join("dist"))?;
    println!("xtask: npm package {} ({} KB)", tgz.display(), fs::metadata(&tgz).map(|m| m.len() / 1024).unwrap_or(0));
    Ok(())
}

pub fn print(ctx: &Ctx, archives: &[Archive]) {
    for a in archives {
        let shown = a.path.strip_prefix(&ctx.root).unwrap_or(&a.path);
        println!("package: {} ({} files, {} bytes = {:.1} KB)", shown.display(), a.files, a.bytes, a.bytes as f64 / 1024.0);
        println!("         sha256 {}", a.sha256);
    }
}

/// Where this process's `--check` builds go: `target/package-check/<pid>/{a,b}` (two runs in one
/// tree never read each other's archives); folders of finished runs are removed.
pub fn check_dir(ctx: &Ctx) -> PathBuf {
    ctx.root.join("target/package-check").join(std::process::id().to_string())
}

/// `cargo xtask package --check`: the wasm package is built (`test` built it), then both
/// archives twice, compared byte for byte; the first set stays in `check_dir()/a` for the
/// Firefox suite.
pub fn check(ctx: &Ctx) -> Result<(), String> {
    if let Ok(entries) = fs::read_dir(ctx.root.join("target/package-check")) {
        for e in entries.flatten() {
            let alive = e.file_name().to_str().is_some_and(|pid| Path::new("/proc").join(pid).exists());
            if !alive {
                let _ = fs::remove_dir_all(e.path());
            }
        }
    }
    let archives = check_reproducible(ctx)?;
    print(ctx, &archives);
    Ok(())
}

/// Builds the archives twice (into `check_dir()/a` and `/b`) and compares them byte for byte.
pub fn check_reproducible(ctx: &Ctx) -> Result<Vec<Archive>, String> {
    let a = build(ctx, &check_dir(ctx).join("a"))?;
    let b = build(ctx, &check_dir(ctx).join("b"))?;
    for (x, y) in a.iter().zip(&b) {
        let (bx, by) = (fs::read(&x.path).map_err(|e| e.to_string())?, fs::read(&y.path).map_err(|e| e.to_string())?);
        if bx != by {
            return Err(format!("{} differs between two builds: not reproducible", x.path.display()));
        }
    }
    println!(
        "package: two builds are byte-identical ({})",
        a.iter().map(|x| format!("{} {}", x.browser.name(), &x.sha256[..12])).collect::<Vec<_>>().join(", ")
    );
    Ok(a)
}

/// Every file under `dir`, as sorted `/`-separated relative paths.
fn files_of(dir: &Path) -> Result<Vec<String>, String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) -> Result<(), String> {
        for e in fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
            let p = e.map_err(|e| e.to_string())?.path();
            if p.is_dir() {
                walk(base, &p, out)?;
            } else {
                let rel = p.strip_prefix(base).map_err(|e| e.to_string())?;
                out.push(rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/"));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
    out.sort();
    Ok(out)
}

/// A zip archive of `files` (relative to `dir`), the same bytes for the same files.
fn zip(dir: &Path, files: &[String]) -> Result<Vec<u8>, String> {
    const DOS_TIME: u16 = 0; // 00:00:00
    const DOS_DATE: u16 = (1 << 5) | 1; // 1980-01-01
    let mut out: Vec<u8> = Vec::new();
    let mut central: Vec<u8> = Vec::new();
    for name in files {
        let data = fs::read(dir.join(name)).map_err(|e| format!("{name}: {e}"))?;
        let mut crc = flate2::Crc::new();
        crc.update(&data);
        let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(&data).map_err(|e| e.to_string())?;
        let deflated = enc.finish().map_err(|e| e.to_string())?;
        let (method, body): (u16, &[u8]) = if deflated.len() < data.len() { (8, &deflated) } else { (0, &data) };
        let offset = u32::try_from(out.len()).map_err(|_| "archive over 4 GB")?;
        let fixed = |v: &mut Vec<u8>| {
            le16(v, 20); // version needed: 2.0
            le16(v, 0); // flags
            le16(v, method);
            le16(v, DOS_TIME);
            le16(v, DOS_DATE);
            le32(v, crc.sum());
            le32(v, body.len() as u32);
            le32(v, data.len() as u32);
            le16(v, name.len() as u16);
            le16(v, 0); // extra field length
        };
        le32(&mut out, 0x0403_4b50);
        fixed(&mut out);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(body);

        le32(&mut central, 0x0201_4b50);
        le16(&mut central, (3 << 8) | 20); // made by: Unix, 2.0
        fixed(&mut central);
        le16(&mut central, 0); // comment length
        le16(&mut central, 0); // disk number
        le16(&mut central, 0); // internal attributes
        le32(&mut central, 0o100644 << 16); // external: regular file, rw-r--r--
        le32(&mut central, offset);
        central.extend_from_slice(name.as_bytes());
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    le32(&mut out, 0x0605_4b50);
    le16(&mut out, 0);
    le16(&mut out, 0);
    le16(&mut out, files.len() as u16);
    le16(&mut out, files.len() as u16);
    le32(&mut out, central.len() as u32);
    le32(&mut out, cd_offset);
    le16(&mut out, 0); // comment length
    Ok(out)
}

fn le16(v: &mut Vec<u8>, x: u16) {
    v.extend_from_slice(&x.to_le_bytes());
}

fn le32(v: &mut Vec<u8>, x: u32) {
    v.extend_from_slice(&x.to_le_bytes());
}
