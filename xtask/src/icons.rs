//! The toolbar and store icons: every `icons/*.svg` of a staged copy rasterised to PNGs, then the
//! SVG sources removed from the copy (the browsers read the PNGs; Chrome takes no SVG icons).
//!
//! | source | PNGs | used for |
//! |---|---|---|
//! | `icon.svg` | `icon-16/32/48/128.png` | `icons` and `action.default_icon` in both manifests |
//! | `icon-off.svg` | `icon-off-16/32.png` | toolbar, "not connected" (the worker's `chrome.action.setIcon`) |
//! | `icon-busy.svg` | `icon-busy-16/32.png` | toolbar while a call runs (with the "…" badge) |
//!
//! resvg (pure Rust, no text or fonts enabled) draws them: no network, no prebuilt binary, and the
//! same bytes on every run (the packages stay reproducible).

use std::fs;
use std::path::Path;

/// The sizes each source is drawn at.
pub const SIZES: [(&str, &[u32]); 3] = [("icon", &[16, 32, 48, 128]), ("icon-off", &[16, 32]), ("icon-busy", &[16, 32])];

/// Rasterises `dir/icons/<name>.svg` into `dir/icons/<name>-<size>.png` and removes the sources.
pub fn rasterise(dir: &Path) -> Result<(), String> {
    let icons = dir.join("icons");
    for (name, sizes) in SIZES {
        let svg_path = icons.join(format!("{name}.svg"));
        let svg = fs::read(&svg_path).map_err(|e| format!("{}: {e}", svg_path.display()))?;
        for &size in sizes {
            let png = png(&svg, size).map_err(|e| format!("{}: {e}", svg_path.display()))?;
            let out = icons.join(format!("{name}-{size}.png"));
            fs::write(&out, png).map_err(|e| format!("writing {}: {e}", out.display()))?;
        }
        fs::remove_file(&svg_path).map_err(|e| format!("{}: {e}", svg_path.display()))?;
    }
    let left: Vec<String> = fs::read_dir(&icons)
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".svg"))
        .collect();
    if left.is_empty() {
        Ok(())
    } else {
        Err(format!("extension/icons: {} not listed in xtask/src/icons.rs SIZES", left.join(", ")))
    }
}

/// One SVG drawn at `size`×`size` pixels, as PNG bytes.
pub fn png(svg: &[u8], size: u32) -> Result<Vec<u8>, String> {
    let tree = resvg::usvg::Tree::from_data(svg, &resvg::usvg::Options::default()).map_err(|e| e.to_string())?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size, size).ok_or("empty icon size")?;
    let scale = size as f32 / tree.size().width().max(tree.size().height());
    resvg::render(&tree, resvg::tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_icon_draws_at_every_size_the_same_twice() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().join("extension/icons");
        for (name, sizes) in SIZES {
            let svg = fs::read(root.join(format!("{name}.svg"))).unwrap();
            for &size in sizes {
                let a = png(&svg, size).unwrap();
                assert_eq!(a, png(&svg, size).unwrap(), "{name} {size}: reproducible");
                assert_eq!(&a[..8], b"\x89PNG\r\n\x1a\n");
                // IHDR width and height.
                assert_eq!(u32::from_be_bytes(a[16..20].try_into().unwrap()), size);
                assert_eq!(u32::from_be_bytes(a[20..24].try_into().unwrap()), size);
            }
        }
    }
}
