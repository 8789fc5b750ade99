//! The lint step "locales": every locale has every key.
//! - `extension/_locales/<lang>/messages.json` (the manifest's name, description, action title
//!   and commands, `__MSG_key__`): each locale has the keys `en` has and no other, every message
//!   non-empty, and every `__MSG_key__` of `extension/manifest.json` is in `en` (the default).
//! - The pages' `data-label*="key"` attributes (`extension/*.html`, filled by www/dom.js
//!   `localise`) name labels of the catalogue (`src/view/text.rs`), so none stays English.
//!   The catalogue's own locales are complete by construction: `src/view/ja.rs` matches every
//!   label and sentence with no wildcard arm, so a missing one does not compile.

use serde_json::Value;
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

pub fn check(root: &Path) -> Result<(), String> {
    let mut problems = Vec::new();
    let dir = root.join("extension/_locales");
    let keys_of = |lang: &str| -> Result<(BTreeSet<String>, Vec<String>), String> {
        let path = dir.join(lang).join("messages.json");
        let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let v: Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let o = v.as_object().ok_or(format!("{}: not an object", path.display()))?;
        let empty = o
            .iter()
            .filter(|(_, m)| m.get("message").and_then(Value::as_str).is_none_or(|s| s.trim().is_empty()))
            .map(|(k, _)| format!("_locales/{lang}/messages.json: \"{k}\" has no message"))
            .collect();
        Ok((o.keys().cloned().collect(), empty))
    };
    let (en, empty) = keys_of("en")?;
    problems.extend(empty);
    let mut langs: Vec<String> = fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|d| d.ok().map(|d| d.file_name().to_string_lossy().into_owned()))
        .filter(|l| l != "en")
        .collect();
    langs.sort();
    for lang in &langs {
        let (keys, empty) = keys_of(lang)?;
        problems.extend(empty);
        problems.extend(compare(&en, &keys, lang));
    }
    let manifest = fs::read_to_string(root.join("extension/manifest.json")).map_err(|e| format!("extension/manifest.json: {e}"))?;
    for key in msg_keys(&manifest) {
        if !en.contains(&key) {
            problems.push(format!("extension/manifest.json: __MSG_{key}__ is not in _locales/en/messages.json"));
        }
    }
    let catalogue = label_keys(&fs::read_to_string(root.join("src/view/text.rs")).map_err(|e| format!("src/view/text.rs: {e}"))?);
    for page in ["extension/view.html", "extension/options.html", "extension/scan.html"] {
        let html = fs::read_to_string(root.join(page)).map_err(|e| format!("{page}: {e}"))?;
        for key in data_labels(&html) {
            if !catalogue.contains(&key) {
                problems.push(format!("{page}: data-label \"{key}\" is not a label of src/view/text.rs"));
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n  "))
    }
}

/// What `lang` lacks of `en` and has beyond it.
fn compare(en: &BTreeSet<String>, keys: &BTreeSet<String>, lang: &str) -> Vec<String> {
    let missing = en.difference(keys).map(|k| format!("_locales/{lang}/messages.json lacks \"{k}\" (in en)"));
    let extra = keys.difference(en).map(|k| format!("_locales/{lang}/messages.json has \"{k}\", which en lacks"));
    missing.chain(extra).collect()
}

/// The `key`s of `__MSG_key__` in a text.
fn msg_keys(text: &str) -> Vec<String> {
    text.split("__MSG_").skip(1).filter_map(|rest| rest.split_once("__").map(|(k, _)| k.to_string())).collect()
}

/// The label ids of the `labels!` table (`    id = "English",` lines).
fn label_keys(text_rs: &str) -> BTreeSet<String> {
    let Some(start) = text_rs.find("labels! {") else { return BTreeSet::new() };
    let body = &text_rs[start..];
    let body = &body[..body.find("\n}").unwrap_or(body.len())];
    body.lines()
        .filter_map(|l| l.trim().split_once(" = \"").map(|(id, _)| id.to_string()))
        .filter(|id| id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .collect()
}

/// The keys in `data-label="…"`, `data-label-title="…"` and the like.
fn data_labels(html: &str) -> Vec<String> {
    html.split("data-label")
        .skip(1)
        .filter_map(|rest| {
            let rest = rest.trim_start_matches(|c: char| c == '-' || c.is_ascii_lowercase());
            rest.strip_prefix("=\"").and_then(|r| r.split_once('"')).map(|(k, _)| k.to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_missing_or_extra_in_a_locale_are_named() {
        let set = |k: &[&str]| k.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        let p = compare(&set(&["name", "description"]), &set(&["name", "extra"]), "ja");
        assert_eq!(p, ["_locales/ja/messages.json lacks \"description\" (in en)", "_locales/ja/messages.json has \"extra\", which en lacks"]);
        assert!(compare(&set(&["a"]), &set(&["a"]), "ja").is_empty());
    }

    #[test]
    fn the_names_are_read_from_the_manifest_the_catalogue_and_the_pages() {
        assert_eq!(msg_keys(r#"{ "name": "__MSG_name__", "x": "__MSG_actionTitle__" }"#), ["name", "actionTitle"]);
        let cat = label_keys("labels! {\n    // a comment\n    run = \"Run…\",\n    cancel = \"Cancel\",\n}\nfn x() { a = \"b\" }");
        assert_eq!(cat, BTreeSet::from(["run".to_string(), "cancel".to_string()]));
        assert_eq!(data_labels(r#"<b data-label="run">x</b><i data-label-title="cancel" data-label-aria-label="x">"#), ["run", "cancel", "x"]);
    }

    #[test]
    fn the_repository_passes() {
        check(&Path::new(env!("CARGO_MANIFEST_DIR")).join("..")).unwrap();
    }
}
