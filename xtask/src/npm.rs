//! `cargo xtask package` also writes `dist/securex-respond-element-<version>.tgz`: the portal
//! element as an npm package (issue 26, item 4), for portals built with a bundler:
//! `npm install ./securex-respond-element-<version>.tgz`, then
//! `import 'securex-respond-element'` (the element) or `securex-respond-element/client` (the JS API).
//!
//! The element finds its wasm and its CSS as `new URL('./…', import.meta.url)`, the pattern
//! bundlers (Vite, webpack 5, Rollup with its URL plugin) resolve to an emitted asset; no copy step.
//! The tarball is made by `npm pack` from a staging folder.

use crate::ctx::Ctx;
use serde_json::{json, Value};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

pub const NAME: &str = "securex-respond-element";

/// The files of the package, relative to `www/` (and to the package root).
pub const FILES: [&str; 10] = [
    "securex-respond-element.js",
    "securex-respond-element.d.ts",
    "respond-view.js",
    "respond-intel.js",
    "dom.js",
    "respond-view.css",
    "pkg/securex_respond.js",
    "pkg/securex_respond.d.ts",
    "pkg/securex_respond_bg.wasm",
    "pkg/securex_respond_bg.wasm.d.ts",
];

pub fn package_json(version: &str) -> Value {
    json!({
        "name": NAME,
        "version": version,
        "description": "<securex-respond>: Cisco Threat Response / XDR response actions in a web portal (proxy mode recommended: no token in the page)",
        "license": "MIT",
        "type": "module",
        "main": "./securex-respond-element.js",
        "types": "./securex-respond-element.d.ts",
        "exports": {
            ".": { "types": "./securex-respond-element.d.ts", "default": "./securex-respond-element.js" },
            "./client": { "types": "./pkg/securex_respond.d.ts", "default": "./pkg/securex_respond.js" },
            "./respond-view.css": "./respond-view.css",
            "./securex_respond_bg.wasm": "./pkg/securex_respond_bg.wasm",
            "./package.json": "./package.json"
        },
        "files": FILES,
        "sideEffects": ["./securex-respond-element.js"]
    })
}

const README: &str = "# securex-respond-element\n\n`<securex-respond>`: select → observables → Threat Response actions → confirm → result, in a web portal.\n\n```js\nimport 'securex-respond-element';\n```\n\n```html\n<securex-respond for=\"ticket-body\" proxy base-url=\"/securex\"></securex-respond>\n```\n\nProxy mode (recommended): your back end checks its session, adds the token and forwards a fixed list of routes; the page holds no token. The portal's CSP needs `script-src 'self' 'wasm-unsafe-eval'`. See the project's docs/admin-guide.md, \"The portal's back end\", for the routes, the other mode and the CSP per mode.\n";

/// Stages the package and packs it into `out_dir`; returns the tarball's path.
pub fn pack(ctx: &Ctx, version: &str, out_dir: &Path) -> Result<PathBuf, String> {
    let stage = ctx.root.join("target/npm").join(std::process::id().to_string());
    let _ = fs::remove_dir_all(&stage);
    for f in FILES {
        let to = stage.join(f);
        fs::create_dir_all(to.parent().unwrap_or(&stage)).map_err(|e| e.to_string())?;
        fs::copy(ctx.root.join("www").join(f), &to).map_err(|e| format!("www/{f}: {e} (run cargo xtask build first)"))?;
    }
    let manifest = serde_json::to_string_pretty(&package_json(version)).map_err(|e| e.to_string())? + "\n";
    crate::dist::write(&stage.join("package.json"), &manifest)?;
    crate::dist::write(&stage.join("README.md"), README)?;
    fs::create_dir_all(out_dir).map_err(|e| e.to_string())?;
    crate::ctx::run(Command::new("npm").current_dir(&stage).args(["pack", "--silent", "--pack-destination"]).arg(out_dir))?;
    let _ = fs::remove_dir_all(&stage);
    let tgz = out_dir.join(format!("{NAME}-{version}.tgz"));
    if tgz.is_file() {
        Ok(tgz)
    } else {
        Err(format!("npm pack wrote no {}", tgz.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_json_exports_the_element_its_types_the_client_and_the_wasm() {
        let p = package_json("1.2.3");
        assert_eq!(p["name"], NAME);
        assert_eq!(p["version"], "1.2.3");
        assert_eq!(p["exports"]["."]["default"], "./securex-respond-element.js");
        assert_eq!(p["exports"]["."]["types"], "./securex-respond-element.d.ts");
        assert_eq!(p["exports"]["./client"]["default"], "./pkg/securex_respond.js");
        let files: Vec<&str> = p["files"].as_array().unwrap().iter().map(|f| f.as_str().unwrap()).collect();
        // Every export points into the files, and the hand-written ones exist.
        for (_, target) in p["exports"].as_object().unwrap() {
            for t in [target.as_str(), target["default"].as_str(), target["types"].as_str()].into_iter().flatten() {
                let t = t.strip_prefix("./").unwrap();
                assert!(t == "package.json" || files.contains(&t), "{t} is exported but not packed");
            }
        }
        let www = Path::new(env!("CARGO_MANIFEST_DIR")).join("../www");
        for f in FILES.iter().filter(|f| !f.starts_with("pkg/")) {
            assert!(www.join(f).is_file(), "www/{f}");
        }
        // The element imports only packed files, and finds the wasm and CSS next to itself.
        let element = fs::read_to_string(www.join("securex-respond-element.js")).unwrap();
        assert!(element.contains("new URL('./pkg/securex_respond_bg.wasm', import.meta.url)"));
        assert!(element.contains("new URL('./respond-view.css', import.meta.url)"));
    }
}
