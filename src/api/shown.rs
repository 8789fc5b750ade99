//! Bounds on the words a module sends for people to read: module names, action and pivot titles,
//! categories, descriptions, module error messages. A module's answer is not trusted to be sane:
//! a 100 KB title is valid JSON, and laying three of them out (an unbreakable run in a grid) took
//! Chromium about 20 s, with the page frozen. Cut on reading, so every screen, confirmation and
//! audit note shows the same bounded text, ending in "…" when cut.
//!
//! Used as `#[serde(default, deserialize_with = "shown::name")]` and friends.

use crate::config::truncate_for_message;
use serde::{Deserialize, Deserializer};

/// Most characters of a name, title or category (the longest real one seen is under 100).
pub const NAME_CHARS: usize = 300;
/// Most characters of a description or a module's error message (an orchestration workflow's
/// description runs to about 600).
pub const TEXT_CHARS: usize = 4_000;

fn cut(s: String, n: usize) -> String {
    if s.len() <= n {
        s // fewer bytes than the bound: fewer characters too
    } else {
        truncate_for_message(&s, n)
    }
}

pub fn name<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(cut(String::deserialize(d)?, NAME_CHARS))
}

pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(cut(String::deserialize(d)?, TEXT_CHARS))
}

pub fn names<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(Vec::<String>::deserialize(d)?.into_iter().map(|s| cut(s, NAME_CHARS)).collect())
}

pub fn opt_name<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<String>::deserialize(d)?.map(|s| cut(s, NAME_CHARS)))
}

pub fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<String>::deserialize(d)?.map(|s| cut(s, TEXT_CHARS)))
}

#[cfg(test)]
mod tests {
    use crate::api::response::Action;
    use crate::api::ModuleError;

    #[test]
    fn long_words_from_a_module_are_cut_short_ones_kept() {
        let long = "A".repeat(100 * 1024);
        let a: Action = serde_json::from_value(serde_json::json!({
            "id": "x", "title": long, "description": long, "module": long, "categories": [long, "Block"], "url": "/respond/trigger/m/x"
        }))
        .unwrap();
        assert_eq!(a.title.chars().count(), super::NAME_CHARS + 1);
        assert!(a.title.ends_with('…'));
        assert_eq!(a.module.chars().count(), super::NAME_CHARS + 1);
        assert_eq!(a.description.chars().count(), super::TEXT_CHARS + 1);
        assert_eq!(a.categories[1], "Block");
        assert_eq!(a.categories[0].chars().count(), super::NAME_CHARS + 1);
        let e: ModuleError = serde_json::from_value(serde_json::json!({ "module": long, "message": long, "code": "c" })).unwrap();
        assert_eq!(e.module.unwrap().chars().count(), super::NAME_CHARS + 1);
        assert_eq!(e.message.unwrap().chars().count(), super::TEXT_CHARS + 1);
        let short: Action = serde_json::from_value(serde_json::json!({ "id": "x", "title": "Block this domain", "url": "/u" })).unwrap();
        assert_eq!(short.title, "Block this domain");
        let multibyte = "é".repeat(NAME);
        const NAME: usize = super::NAME_CHARS;
        let a: Action = serde_json::from_value(serde_json::json!({ "id": "x", "title": multibyte, "url": "/u" })).unwrap();
        assert_eq!(a.title, multibyte, "exactly the bound in characters (twice as many bytes) is kept whole");
    }
}
