//! The tidy checks of `cargo xtask lint`: the code map and the documentation's links stay true.
//!
//! **Architecture map** (`map`): every source file of the rooms below is named in
//! ARCHITECTURE.md, and every file ARCHITECTURE.md names exists. The rule, also stated at the
//! top of ARCHITECTURE.md:
//! - the files that must be named: `*.rs` under `src/`, `standin/src/`, `xtask/src/`,
//!   `examples/`; `standin/tests/*.rs` and `tests/*.rs`; every folder directly under `tests/`;
//!   `extension/*.js`, `www/*.js`, `bench/*.mjs` (tracked or new, not ignored);
//! - a name is a word of the document (outside code blocks) ending in `.rs`, `.js`, `.mjs`,
//!   `.cjs`, `.ts`, `.css` or `.html` (a folder: ending in `/`); `*` matches within one path
//!   segment (`browser*.rs`), and a name whose file part starts with `*` (`icons/*.svg`,
//!   `tests/*.rs`) must match but names nothing (no blanket naming of a whole folder);
//! - a name is looked up, nearest first, in the folders named before it in its list item, then in
//!   the folders of the items it is nested in, then at the repository root; each folder `D/` is
//!   tried as `D/` and `D/src/`. A folder named this way becomes a place to look in turn
//!   (`api/` inside the `src/` item is `src/api/`). So `http.rs` in the `src/` item names
//!   `src/http.rs`, and `scan.rs` after `extract/` names `src/extract/scan.rs`;
//! - a file is named when one of the document's names resolves to it that way;
//! - a name that resolves nowhere must be the file name of exactly one tracked file (a passing
//!   mention, which does not count as naming it in its room); otherwise it is stale.
//!
//! **Links** (`links`): every relative link (`[text](path#anchor)`, `src="path"`) in the
//! tracked Markdown files resolves to a tracked file or folder, and its `#anchor`, when the
//! target is Markdown, to one of that file's headings (GitHub's slugs).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

const SOURCE_EXT: [&str; 7] = [".rs", ".js", ".mjs", ".cjs", ".ts", ".css", ".html"];

/// Tracked (or new, not ignored) files, `/`-separated, relative to the root.
pub fn tracked(root: &Path) -> Result<Vec<String>, String> {
    let out = Command::new("git")
        .args(["ls-files", "-z", "--cached", "--others", "--exclude-standard"])
        .current_dir(root)
        .output()
        .map_err(|e| format!("git ls-files: {e}"))?;
    let files = out.stdout.split(|b| *b == 0).filter(|p| !p.is_empty()).map(|p| String::from_utf8_lossy(p).into_owned());
    // A file deleted in the worktree but still in the index is not there.
    Ok(files.filter(|f| root.join(f).is_file()).collect())
}

/// The files and folders (ending in `/`) ARCHITECTURE.md must name.
pub fn must_name(files: &[String]) -> Vec<String> {
    let mut out = BTreeSet::new();
    for f in files {
        let parts: Vec<&str> = f.split('/').collect();
        let rs = f.ends_with(".rs");
        let need = match parts.as_slice() {
            ["src", ..] | ["standin", "src", ..] | ["xtask", "src", ..] | ["examples", ..] => rs,
            ["standin", "tests", _] | ["tests", _] => rs,
            ["extension", name] | ["www", name] => name.ends_with(".js"),
            ["bench", name] => name.ends_with(".mjs"),
            _ => false,
        };
        if need {
            out.insert(f.clone());
        }
        if parts.len() > 2 && parts[0] == "tests" {
            out.insert(format!("tests/{}/", parts[1]));
        }
    }
    out.into_iter().collect()
}

fn is_source_name(w: &str) -> bool {
    SOURCE_EXT.iter().any(|e| w.len() > e.len() && w.ends_with(e)) && !w.contains("//")
}

/// The words of a line that may be names: runs of `[A-Za-z0-9_./*-]`, without trailing dots.
fn words(line: &str) -> impl Iterator<Item = &str> {
    line.split(|c: char| !(c.is_ascii_alphanumeric() || "_./*-".contains(c))).map(|w| w.trim_end_matches('.')).filter(|w| !w.is_empty())
}

/// `*` within one path segment.
fn glob(pattern: &str, path: &str) -> bool {
    fn m(p: &[u8], s: &[u8]) -> bool {
        match (p.first(), s.first()) {
            (None, None) => true,
            (Some(b'*'), _) => m(&p[1..], s) || (!s.is_empty() && s[0] != b'/' && m(p, &s[1..])),
            (Some(a), Some(b)) if a == b => m(&p[1..], &s[1..]),
            _ => false,
        }
    }
    m(pattern.as_bytes(), path.as_bytes())
}

#[derive(Default)]
pub struct MapReport {
    /// Files (and `tests/` folders) that must be named and are not.
    pub unnamed: Vec<String>,
    /// `(line, name, where looked)`: names that resolve to nothing.
    pub stale: Vec<(usize, String, String)>,
}

/// Checks `doc` (ARCHITECTURE.md's text) against the tracked `files`.
pub fn check_map(doc: &str, files: &[String]) -> MapReport {
    let file_set: BTreeSet<&str> = files.iter().map(String::as_str).collect();
    let mut dir_set = BTreeSet::new();
    for f in files {
        let mut at = 0;
        while let Some(i) = f[at..].find('/') {
            at += i + 1;
            dir_set.insert(f[..at].to_string());
        }
    }
    let mut by_name: BTreeMap<&str, usize> = BTreeMap::new();
    for f in files {
        *by_name.entry(f.rsplit('/').next().unwrap_or(f)).or_default() += 1;
    }
    let mut named = BTreeSet::new();
    let mut stale = Vec::new();
    // The open list items: (indent, folders named in it so far). Indent usize::MAX: a paragraph.
    let mut stack: Vec<(usize, Vec<String>)> = Vec::new();
    let mut fence = false;
    for (i, line) in doc.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            fence = !fence;
            continue;
        }
        if fence || trimmed.is_empty() {
            continue;
        }
        let indent = line.len() - trimmed.len();
        let bullet = trimmed.starts_with("- ")
            || trimmed.starts_with("* ")
            || trimmed.split_once(". ").is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        if trimmed.starts_with('#') {
            stack.clear();
            continue;
        } else if bullet {
            while stack.last().is_some_and(|(ind, _)| *ind >= indent && *ind != usize::MAX) {
                stack.pop();
            }
            stack.retain(|(ind, _)| *ind != usize::MAX);
            stack.push((indent, Vec::new()));
        } else if indent == 0 && stack.last().is_none_or(|(ind, _)| *ind != usize::MAX) {
            stack.clear();
            stack.push((usize::MAX, Vec::new()));
        }
        for w in words(line) {
            let dir = w.ends_with('/');
            if !dir && !is_source_name(w) {
                continue;
            }
            let w = w.trim_start_matches("./");
            // Where to look: nearest folder first, then the root.
            let mut bases: Vec<String> = stack.iter().rev().flat_map(|(_, d)| d.iter().rev().cloned()).collect();
            bases.push(String::new());
            let candidates = bases.iter().flat_map(|b| {
                let with_src = if b.is_empty() { None } else { Some(format!("{b}src/{w}")) };
                std::iter::once(format!("{b}{w}")).chain(with_src)
            });
            if dir {
                if let Some(found) = candidates.into_iter().find(|c| dir_set.contains(c)) {
                    named.insert(found.clone());
                    if let Some((_, dirs)) = stack.last_mut() {
                        dirs.push(found);
                    }
                }
                continue;
            }
            let mut hit = false;
            for c in candidates {
                if c.contains('*') {
                    let matches: Vec<&str> = file_set.iter().copied().filter(|f| glob(&c, f)).collect();
                    if !matches.is_empty() {
                        if !c.rsplit('/').next().unwrap_or("").starts_with('*') {
                            named.extend(matches.iter().map(|m| m.to_string()));
                        }
                        hit = true;
                        break;
                    }
                } else if file_set.contains(c.as_str()) {
                    named.insert(c);
                    hit = true;
                    break;
                }
            }
            if !hit {
                let base = w.rsplit('/').next().unwrap_or(w);
                let unique = !w.contains('*') && by_name.get(base) == Some(&1) && files.iter().any(|f| f == w || f.ends_with(&format!("/{w}")));
                if !unique {
                    let looked: Vec<String> = bases.iter().filter(|b| !b.is_empty()).cloned().collect();
                    let looked = if looked.is_empty() { "the repository root".to_string() } else { format!("{}, the repository root", looked.join(", ")) };
                    stale.push((i + 1, w.to_string(), looked));
                }
            }
        }
    }
    let unnamed = must_name(files).into_iter().filter(|f| !named.contains(f)).collect();
    MapReport { unnamed, stale }
}

/// GitHub's anchor of a heading: lower case, letters, digits, `-` and `_` kept, spaces to `-`,
/// the rest dropped; a repeated heading gets `-1`, `-2`, ….
pub fn anchors(md: &str) -> BTreeSet<String> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = BTreeSet::new();
    let mut fence = false;
    for line in md.lines() {
        if line.trim_start().starts_with("```") {
            fence = !fence;
        }
        if fence || !line.starts_with('#') {
            continue;
        }
        let text = line.trim_start_matches('#').trim();
        let slug: String = text
            .chars()
            .filter_map(|c| match c {
                ' ' => Some('-'),
                '-' | '_' => Some(c),
                c if c.is_alphanumeric() => Some(c),
                _ => None,
            })
            .flat_map(char::to_lowercase)
            .collect();
        let n = seen.entry(slug.clone()).or_default();
        out.insert(if *n == 0 { slug.clone() } else { format!("{slug}-{n}") });
        *n += 1;
    }
    out
}

/// The relative link targets of a Markdown text, with their line: `](target)` and `src="target"`,
/// outside code blocks and code spans; URLs with a scheme and `mailto:` are left out.
pub fn links(md: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut fence = false;
    for (i, line) in md.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            fence = !fence;
            continue;
        }
        if fence {
            continue;
        }
        // Drop code spans.
        let mut plain = String::new();
        for (k, part) in line.split('`').enumerate() {
            if k % 2 == 0 {
                plain.push_str(part);
            }
        }
        for (open, close) in [("](", ')'), ("src=\"", '"')] {
            let mut rest = plain.as_str();
            while let Some(at) = rest.find(open) {
                rest = &rest[at + open.len()..];
                let Some(end) = rest.find(close) else { break };
                let target = rest[..end].split_whitespace().next().unwrap_or("").trim_matches(['<', '>']);
                rest = &rest[end..];
                if target.is_empty() || target.contains("://") || target.starts_with("mailto:") {
                    continue;
                }
                out.push((i + 1, target.to_string()));
            }
        }
    }
    out
}

/// Checks the links of every tracked Markdown file (not under `tests/data/`) against `read`
/// (a file's text by path, `None` when it is not there) and the tracked `files`.
pub fn check_links(files: &[String], read: &dyn Fn(&str) -> Option<String>) -> Vec<String> {
    let file_set: BTreeSet<&str> = files.iter().map(String::as_str).collect();
    let mut errs = Vec::new();
    for md in files.iter().filter(|f| f.ends_with(".md") && !f.starts_with("tests/data/") && !f.contains("node_modules/")) {
        let Some(text) = read(md) else { continue };
        let dir = md.rsplit_once('/').map(|(d, _)| format!("{d}/")).unwrap_or_default();
        for (line, target) in links(&text) {
            let (path, anchor) = target.split_once('#').map(|(p, a)| (p, Some(a))).unwrap_or((target.as_str(), None));
            let resolved = if path.is_empty() { md.clone() } else { normalise(&format!("{dir}{path}")) };
            let is_dir = file_set.iter().any(|f| f.starts_with(&format!("{}/", resolved.trim_end_matches('/'))));
            if !file_set.contains(resolved.as_str()) && !is_dir {
                errs.push(format!("{md}:{line}: the link {target} points to {resolved}, which is not in the repository: fix the path"));
                continue;
            }
            if let (Some(anchor), true) = (anchor, resolved.ends_with(".md")) {
                let have = read(&resolved).map(|t| anchors(&t)).unwrap_or_default();
                if !have.contains(anchor) {
                    errs.push(format!("{md}:{line}: the link {target}: {resolved} has no heading with the anchor #{anchor}: fix the anchor"));
                }
            }
        }
    }
    errs
}

/// `a/b/../c` → `a/c`, `./` dropped.
fn normalise(p: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for s in p.split('/') {
        match s {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/") + if p.ends_with('/') { "/" } else { "" }
}

/// `cargo xtask lint` step "architecture map and doc links": both checks, every failure printed.
pub fn check(root: &Path) -> Result<(), String> {
    match (map(root), doc_links(root)) {
        (Ok(()), Ok(())) => Ok(()),
        (a, b) => Err([a.err(), b.err()].into_iter().flatten().collect::<Vec<_>>().join("; ")),
    }
}

fn map(root: &Path) -> Result<(), String> {
    let files = tracked(root)?;
    let doc = std::fs::read_to_string(root.join("ARCHITECTURE.md")).map_err(|e| format!("ARCHITECTURE.md: {e}"))?;
    let r = check_map(&doc, &files);
    for f in &r.unnamed {
        println!("{f} is not in ARCHITECTURE.md: add a line to its room (the rule is at the top of ARCHITECTURE.md)");
    }
    for (line, name, looked) in &r.stale {
        println!("ARCHITECTURE.md:{line}: names {name}, which is not there (looked in {looked}): fix the name or write its path");
    }
    if r.unnamed.is_empty() && r.stale.is_empty() {
        Ok(())
    } else {
        Err(format!("{} file(s) not in the map, {} stale name(s)", r.unnamed.len(), r.stale.len()))
    }
}

fn doc_links(root: &Path) -> Result<(), String> {
    let files = tracked(root)?;
    let errs = check_links(&files, &|p| std::fs::read_to_string(root.join(p)).ok());
    for e in &errs {
        println!("{e}");
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(format!("{} broken link(s)", errs.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    const TREE: &[&str] = &[
        "src/lib.rs",
        "src/http.rs",
        "src/api/mod.rs",
        "src/api/intel.rs",
        "src/intel.rs",
        "src/extract/scan.rs",
        "src/wasm/scan.rs",
        "xtask/src/lint.rs",
        "tests/browser.rs",
        "tests/browser_intel.rs",
        "tests/e2e/demo.test.mjs",
        "extension/background.js",
        "extension/view.html",
        "docs/x.md",
    ];

    #[test]
    fn the_files_that_must_be_named() {
        let need = must_name(&files(TREE));
        assert!(need.contains(&"src/api/mod.rs".to_string()));
        assert!(need.contains(&"tests/e2e/".to_string()), "a folder under tests/");
        assert!(!need.contains(&"tests/e2e/demo.test.mjs".to_string()), "files inside tests/ folders are not");
        assert!(!need.contains(&"extension/view.html".to_string()));
        assert!(!need.contains(&"docs/x.md".to_string()));
    }

    #[test]
    fn names_resolve_in_their_item_then_its_parents_then_the_root() {
        let doc = "# Rooms\n\n- **`src/`**: the core.\n  - `lib.rs`, `http.rs`: the seam. `intel.rs`: calls.\n  - `api/`: `mod.rs`, `intel.rs`.\n  - `extract/`: `scan.rs`.\n  - `wasm/`: `scan.rs`.\n- **`xtask/`**: `lint.rs`.\n- tests: `tests/browser*.rs`, `tests/e2e/`; `extension/background.js`.\n";
        let r = check_map(doc, &files(TREE));
        assert!(r.stale.is_empty(), "{:?}", r.stale);
        assert!(r.unnamed.is_empty(), "{:?}", r.unnamed);
    }

    #[test]
    fn a_file_named_only_in_another_room_is_not_named() {
        // `scan.rs` after `extract/` is src/extract/scan.rs, not src/wasm/scan.rs.
        let doc = "- **`src/`**: `lib.rs` `http.rs` `intel.rs`\n  - `api/`: `mod.rs`, `intel.rs`.\n  - `extract/`: `scan.rs`.\n  - `wasm/`: exports.\n- `xtask/src/lint.rs` `tests/browser.rs` `tests/browser_intel.rs` `tests/e2e/` `extension/background.js`\n";
        let r = check_map(doc, &files(TREE));
        assert_eq!(r.unnamed, vec!["src/wasm/scan.rs".to_string()]);
        assert!(r.stale.is_empty(), "{:?}", r.stale);
    }

    #[test]
    fn a_name_that_resolves_nowhere_is_stale_with_its_line() {
        let doc = "- **`src/`**: `lib.rs`\n  - `old.rs`: gone.\n  - `api/`: `nope.js`.\n";
        let r = check_map(doc, &files(TREE));
        let names: Vec<(usize, &str)> = r.stale.iter().map(|(l, n, _)| (*l, n.as_str())).collect();
        assert_eq!(names, vec![(2, "old.rs"), (3, "nope.js")]);
        assert!(r.stale[1].2.contains("src/api/"), "says where it looked: {}", r.stale[1].2);
    }

    #[test]
    fn a_passing_mention_of_a_unique_name_is_not_stale_but_does_not_name_it() {
        // `background.js` in a paragraph about errors: unique in the tree, so not stale; an
        // ambiguous `scan.rs` there is stale; neither counts as naming.
        let doc = "Errors come from `background.js`.\n\nAnd `scan.rs`.\n";
        let r = check_map(doc, &files(TREE));
        assert_eq!(r.stale.iter().map(|s| s.1.as_str()).collect::<Vec<_>>(), vec!["scan.rs"]);
        assert!(r.unnamed.contains(&"extension/background.js".to_string()));
    }

    #[test]
    fn a_glob_must_match_and_code_blocks_are_not_read() {
        let doc = "```\n`ghost.rs`\n```\n- `tests/`: `browser*.rs`, `client*.rs`.\n";
        let r = check_map(doc, &files(TREE));
        assert_eq!(r.stale.iter().map(|s| s.1.as_str()).collect::<Vec<_>>(), vec!["client*.rs"]);
        assert!(!r.unnamed.contains(&"tests/browser_intel.rs".to_string()));
        // A whole folder's files by `*.rs` are not named.
        let r = check_map("- `tests/*.rs`, `src/api/*.rs`\n", &files(TREE));
        assert!(r.stale.is_empty(), "{:?}", r.stale);
        assert!(r.unnamed.contains(&"tests/browser.rs".to_string()) && r.unnamed.contains(&"src/api/mod.rs".to_string()));
    }

    #[test]
    fn numbered_items_and_continuation_lines_keep_their_folders() {
        let doc = "1. In `src/`, the\n   seam is `http.rs`.\n2. `lib.rs`\n";
        let r = check_map(doc, &files(&["src/http.rs", "src/lib.rs"]));
        assert!(r.stale.is_empty(), "{:?}", r.stale);
        // Item 2 has no folder of its own and does not inherit item 1's: `lib.rs` there is a
        // passing mention of a unique name, so src/lib.rs is not named (src/http.rs is).
        assert_eq!(r.unnamed, vec!["src/lib.rs".to_string()]);
    }

    #[test]
    fn anchors_follow_github() {
        let a = anchors("# securex-respond\n## Packages: Chrome, Edge and Firefox\n### Enterprise deployment (managed storage)\n## Tests\n## Tests\n```\n# not a heading\n```\n");
        for want in ["securex-respond", "packages-chrome-edge-and-firefox", "enterprise-deployment-managed-storage", "tests", "tests-1"] {
            assert!(a.contains(want), "{want} in {a:?}");
        }
        assert!(!a.contains("not-a-heading"));
    }

    #[test]
    fn links_are_checked_for_files_and_anchors() {
        let tree = files(&["README.md", "docs/guide.md", "docs/screenshots/a.png", "src/lib.rs"]);
        let read = |p: &str| {
            match p {
            "README.md" => Some("# Top\n[g](docs/guide.md#setup) [bad](docs/gone.md) ![s](docs/screenshots/a.png)\n<img src=\"docs/screenshots/b.png\">\n[ext](https://example.com/x) `[code](nope.md)` [a](#top) [b](#nowhere) [src](src/)\n".to_string()),
            "docs/guide.md" => Some("# Guide\n## Setup\n[up](../README.md#top) [x](guide.md#missing)\n".to_string()),
            _ => None,
        }
        };
        let errs = check_links(&tree, &read);
        let joined = errs.join("\n");
        assert_eq!(errs.len(), 4, "{joined}");
        assert!(joined.contains("README.md:2: the link docs/gone.md"));
        assert!(joined.contains("README.md:3: the link docs/screenshots/b.png"));
        assert!(joined.contains("README.md:4: the link #nowhere"));
        assert!(joined.contains("docs/guide.md:3: the link guide.md#missing"));
    }
}
