//! `cargo xtask lint` "import circles": the file-level module graph of each crate and of the
//! browser shells, and every strongly connected component larger than one file.
//!
//! Rust: a node per file module (`lib.rs`/`main.rs`, `foo.rs`, `foo/mod.rs`), found by following
//! `mod x;` from the crate root. An edge when a file names another module through a path that
//! starts with `crate::`, `super::`, `self::`, a child module, or a name a `use` bound to a module;
//! a path through a `use` (a re-export) counts for the file that defines the item, so
//! `crate::Error` is an edge to `error.rs`, not to `lib.rs`. `mod x;` itself is no edge. A
//! `#[cfg(test)]` inline module is a node of its own (`file.rs#tests`): nothing names it.
//! JavaScript: a node per `*.js` file of a folder, an edge per `import`/`export … from './x.js'`
//! and `import('./x.js')`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// One graph to check: its name, whether a circle fails lint, and its edges (file → files).
pub struct Graph {
    pub name: String,
    pub edges: BTreeMap<String, BTreeSet<String>>,
}

/// Every strongly connected component with more than one file, each sorted, largest first.
pub fn circles(g: &Graph) -> Vec<Vec<String>> {
    let nodes: Vec<&String> = g.edges.keys().chain(g.edges.values().flatten()).collect::<BTreeSet<_>>().into_iter().collect();
    let index: HashMap<&String, usize> = nodes.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let adj: Vec<Vec<usize>> = nodes.iter().map(|n| g.edges.get(*n).map(|s| s.iter().map(|t| index[t]).collect()).unwrap_or_default()).collect();
    // Tarjan's algorithm, iterative (no recursion depth to worry about).
    let n = nodes.len();
    let (mut idx, mut low, mut on) = (vec![usize::MAX; n], vec![0; n], vec![false; n]);
    let (mut stack, mut next, mut out) = (Vec::new(), 0, Vec::new());
    for root in 0..n {
        if idx[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (v, ref mut i)) = work.last_mut() {
            if *i == 0 {
                idx[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on[v] = true;
            }
            if let Some(&w) = adj[v].get(*i) {
                *i += 1;
                if idx[w] == usize::MAX {
                    work.push((w, 0));
                } else if on[w] {
                    low[v] = low[v].min(idx[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(u, _)) = work.last() {
                low[u] = low[u].min(low[v]);
            }
            if low[v] == idx[v] {
                let mut comp = Vec::new();
                while let Some(w) = stack.pop() {
                    on[w] = false;
                    comp.push(nodes[w].clone());
                    if w == v {
                        break;
                    }
                }
                if comp.len() > 1 {
                    comp.sort();
                    out.push(comp);
                }
            }
        }
    }
    out.sort_by(|a: &Vec<String>, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    out
}

/// Runs the check over the repository: prints every circle; fails when a graph whose name is in
/// `enforced` has one.
pub fn check(root: &Path) -> Result<(), String> {
    let rust = [("src", "src/lib.rs"), ("xtask", "xtask/src/main.rs"), ("codec", "codec/src/lib.rs"), ("standin", "standin/src/lib.rs")];
    // Every graph: the shells' last circle (www/respond-view.js ↔ respond-intel.js) went with
    // www/dom.js.
    let enforced = ["src", "xtask", "codec", "standin", "www", "extension"];
    let mut graphs = Vec::new();
    for (name, lib) in rust {
        let lib = root.join(lib);
        if lib.exists() {
            graphs.push(rust_graph(name, root, &lib)?);
        }
    }
    for dir in ["www", "extension"] {
        graphs.push(js_graph(dir, root, &root.join(dir))?);
    }
    let mut failing = Vec::new();
    for g in &graphs {
        let found = circles(g);
        let enforce = enforced.contains(&g.name.as_str());
        let sizes: Vec<String> = found.iter().map(|c| c.len().to_string()).collect();
        println!(
            "circles: {}: {} file(s), {} circle(s){}{}",
            g.name,
            g.edges.len(),
            found.len(),
            if found.is_empty() { String::new() } else { format!(" of {} files", sizes.join(", ")) },
            if enforce { "" } else { " (reported, not enforced yet)" }
        );
        for c in &found {
            println!("  circle: {}", c.join(" ↔ "));
            // Each file's edges inside the circle: the lines to cut.
            for f in c {
                let inside: Vec<&str> = g.edges.get(f).into_iter().flatten().filter(|t| c.contains(t)).map(String::as_str).collect();
                println!("    {f} → {}", inside.join(", "));
            }
        }
        if enforce && !found.is_empty() {
            failing.push(g.name.clone());
        }
    }
    if failing.is_empty() {
        Ok(())
    } else {
        Err(format!("import circles in {}: move what both sides need into a lower module (see the lines above)", failing.join(", ")))
    }
}

// ---------------------------------------------------------------- Rust

/// A file module of a crate: its module path (`[]` for the root) and its source.
struct FileMod {
    rel: String,
    path: Vec<String>,
    toks: Vec<Tok>,
}

/// Builds the file graph of the crate whose root file is `lib`.
pub fn rust_graph(name: &str, root: &Path, lib: &Path) -> Result<Graph, String> {
    let mut files = Vec::new();
    let mut todo = vec![(lib.to_path_buf(), Vec::<String>::new())];
    while let Some((file, path)) = todo.pop() {
        let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let toks = lex(&text);
        let dir = child_dir(&file);
        for child in declared_mods(&toks) {
            let a = dir.join(format!("{child}.rs"));
            let b = dir.join(&child).join("mod.rs");
            let f = if a.exists() {
                a
            } else if b.exists() {
                b
            } else {
                continue;
            };
            let mut p = path.clone();
            p.push(child);
            todo.push((f, p));
        }
        let rel = file.strip_prefix(root).unwrap_or(&file).to_string_lossy().replace('\\', "/");
        files.push(FileMod { rel, path, toks });
    }
    Ok(Graph { name: name.to_string(), edges: rust_edges(&files) })
}

/// Builds the graph from in-memory sources: `(file name, module path, text)`; for tests.
#[cfg(test)]
fn rust_edges_of(sources: &[(&str, &str, &str)]) -> BTreeMap<String, BTreeSet<String>> {
    let files: Vec<FileMod> = sources
        .iter()
        .map(|(rel, path, text)| FileMod {
            rel: rel.to_string(),
            path: path.split("::").filter(|s| !s.is_empty()).map(String::from).collect(),
            toks: lex(text),
        })
        .collect();
    rust_edges(&files)
}

fn child_dir(file: &Path) -> PathBuf {
    let dir = file.parent().unwrap_or(Path::new(".")).to_path_buf();
    match file.file_name().and_then(|n| n.to_str()) {
        Some("lib.rs" | "main.rs" | "mod.rs") => dir,
        _ => dir.join(file.file_stem().unwrap_or_default()),
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    Path, // `::`
    P(char),
}

/// Identifiers and punctuation of Rust source, with comments, strings and chars left out.
fn lex(text: &str) -> Vec<Tok> {
    let c: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < c.len() {
        let ch = c[i];
        if ch == '/' && c.get(i + 1) == Some(&'/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if ch == '/' && c.get(i + 1) == Some(&'*') {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if ch == '"' {
            i += 1;
            while i < c.len() && c[i] != '"' {
                i += if c[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
        } else if (ch == 'r' || ch == 'b') && raw_string_start(&c, i).is_some() {
            let (hashes, body) = raw_string_start(&c, i).unwrap_or_default();
            i = body;
            while i < c.len() && !(c[i] == '"' && (0..hashes).all(|k| c.get(i + 1 + k) == Some(&'#'))) {
                i += 1;
            }
            i += 1 + hashes;
        } else if ch == '\'' {
            // A char literal ('x', '\n', '\u{..}') or a lifetime ('a).
            if c.get(i + 1) == Some(&'\\') {
                i += 2;
                while i < c.len() && c[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if c.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
            }
        } else if ch.is_alphabetic() || ch == '_' {
            let s = i;
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                i += 1;
            }
            let word: String = c[s..i].iter().collect();
            // `b"…"`/`b'…'` literals: the prefix is no identifier.
            if word == "b" && matches!(c.get(i), Some('"' | '\'')) {
                continue;
            }
            out.push(Tok::Ident(word));
        } else if ch == ':' && c.get(i + 1) == Some(&':') {
            out.push(Tok::Path);
            i += 2;
        } else if ch.is_ascii_digit() {
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                i += 1;
            }
        } else {
            if !ch.is_whitespace() {
                out.push(Tok::P(ch));
            }
            i += 1;
        }
    }
    out
}

/// `r"`, `r#"`, `br"`, `br#"`: the number of hashes and where the body starts.
fn raw_string_start(c: &[char], i: usize) -> Option<(usize, usize)> {
    let mut j = i;
    if c[j] == 'b' {
        j += 1;
    }
    if c.get(j) != Some(&'r') {
        return None;
    }
    // Must not be the tail of an identifier (`for"` is not a thing, but `bar"` is not raw).
    if i > 0 && (c[i - 1].is_alphanumeric() || c[i - 1] == '_') {
        return None;
    }
    j += 1;
    let mut hashes = 0;
    while c.get(j) == Some(&'#') {
        hashes += 1;
        j += 1;
    }
    (c.get(j) == Some(&'"')).then_some((hashes, j + 1))
}

fn ident(t: Option<&Tok>) -> Option<&str> {
    match t {
        Some(Tok::Ident(s)) => Some(s),
        _ => None,
    }
}

/// `mod x;` declarations at the top level of a file (inline `mod x { … }` are part of the file).
fn declared_mods(toks: &[Tok]) -> Vec<String> {
    let mut out = Vec::new();
    for w in toks.windows(3) {
        if let (Some("mod"), Some(name), Tok::P(';')) = (ident(w.first()), ident(w.get(1)), &w[2]) {
            out.push(name.to_string());
        }
    }
    out
}

/// A `use` tree flattened: each leaf's path and the name it binds (`None` for `*`).
fn parse_use(toks: &[Tok], mut i: usize, prefix: &mut Vec<String>, out: &mut Vec<(Vec<String>, Option<String>)>) -> usize {
    let depth = prefix.len();
    loop {
        match toks.get(i) {
            Some(Tok::Ident(s)) if s == "as" => {
                if let Some(alias) = ident(toks.get(i + 1)) {
                    if let Some(last) = out.last_mut() {
                        last.1 = Some(alias.to_string());
                    }
                }
                i += 2;
            }
            Some(Tok::Ident(s)) => {
                prefix.push(s.clone());
                i += 1;
                if toks.get(i) != Some(&Tok::Path) {
                    let bound = if s == "self" { prefix.get(prefix.len().wrapping_sub(2)).cloned() } else { Some(s.clone()) };
                    let mut p = prefix.clone();
                    if s == "self" {
                        p.pop();
                    }
                    out.push((p, bound));
                    prefix.truncate(depth);
                }
            }
            Some(Tok::Path) => i += 1,
            Some(Tok::P('*')) => {
                out.push((prefix.clone(), None));
                prefix.truncate(depth);
                i += 1;
            }
            Some(Tok::P('{')) => {
                let mut inner = prefix.clone();
                i = parse_use(toks, i + 1, &mut inner, out);
                prefix.truncate(depth);
            }
            Some(Tok::P(',')) => {
                prefix.truncate(depth);
                i += 1;
            }
            Some(Tok::P('}')) | Some(Tok::P(';')) | None => return i + 1,
            Some(_) => i += 1,
        }
    }
}

/// What one file's tokens say: its inline modules, its `use` leaves (with the module they sit
/// in) and the other paths it names.
/// A `use` leaf: the module it sits in, its path, the name it binds.
type Use = (Vec<String>, Vec<String>, Option<String>);

struct Scanned {
    inline: Vec<Vec<String>>,
    /// The inline modules compiled only for tests (`#[cfg(test)] mod tests { … }`).
    tests: Vec<Vec<String>>,
    uses: Vec<Use>,
    paths: Vec<(Vec<String>, Vec<String>)>, // (scope, path)
}

/// Whether the item starting at `t[at]` carries a `#[cfg(…test…)]` attribute.
fn under_cfg_test(t: &[Tok], at: usize) -> bool {
    let mut end = at;
    while end > 0 && t[end - 1] == Tok::P(']') {
        let Some(open) = (0..end - 1).rev().find(|&k| t[k] == Tok::P('[') && k > 0 && t[k - 1] == Tok::P('#')) else { return false };
        let attr = &t[open + 1..end - 1];
        if ident(attr.first()) == Some("cfg") && attr.iter().any(|x| ident(Some(x)) == Some("test")) {
            return true;
        }
        end = open - 1;
    }
    false
}

fn scan(f: &FileMod) -> Scanned {
    let t = &f.toks;
    let mut s = Scanned { inline: Vec::new(), tests: Vec::new(), uses: Vec::new(), paths: Vec::new() };
    let mut scope = f.path.clone();
    let mut open: Vec<Option<usize>> = Vec::new(); // per `{`: Some(len of scope before an inline mod)
    let mut i = 0;
    while i < t.len() {
        match &t[i] {
            Tok::Ident(w) if w == "mod" => {
                if let (Some(name), Some(Tok::P('{'))) = (ident(t.get(i + 1)), t.get(i + 2)) {
                    open.push(Some(scope.len()));
                    scope.push(name.to_string());
                    s.inline.push(scope.clone());
                    if under_cfg_test(t, i) {
                        s.tests.push(scope.clone());
                    }
                    i += 3;
                    continue;
                }
                i += 1;
            }
            Tok::Ident(w) if w == "use" => {
                let mut leaves = Vec::new();
                i = parse_use(t, i + 1, &mut Vec::new(), &mut leaves);
                for (p, b) in leaves {
                    s.uses.push((scope.clone(), p, b));
                }
            }
            Tok::Ident(w) if t.get(i + 1) == Some(&Tok::Path) && (i == 0 || t[i - 1] != Tok::Path) => {
                let mut p = vec![w.clone()];
                let mut j = i + 1;
                while t.get(j) == Some(&Tok::Path) {
                    match ident(t.get(j + 1)) {
                        Some(x) => p.push(x.to_string()),
                        None => break,
                    }
                    j += 2;
                }
                s.paths.push((scope.clone(), p));
                i = j;
            }
            Tok::P('{') => {
                open.push(None);
                i += 1;
            }
            Tok::P('}') => {
                if let Some(Some(len)) = open.pop() {
                    scope.truncate(len);
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    s
}

struct Crate {
    /// Module path → file (inline modules map to their file).
    file_of: HashMap<Vec<String>, String>,
    /// Module path → names its `use` items bind (re-exports, and imports its children may
    /// name through `super::`) → the full path they stand for.
    reexports: HashMap<Vec<String>, HashMap<String, Vec<String>>>,
}

impl Crate {
    fn is_mod(&self, p: &[String]) -> bool {
        self.file_of.contains_key(p)
    }

    /// The absolute form of `path` named in module `scope`: `crate::`, `super::`, `self::`, a
    /// child module, or a module alias bound by a `use` in that scope.
    fn absolute(&self, scope: &[String], path: &[String], aliases: &HashMap<(Vec<String>, String), Vec<String>>) -> Option<Vec<String>> {
        let first = path.first()?;
        let mut base: Vec<String> = match first.as_str() {
            "crate" => Vec::new(),
            "self" => scope.to_vec(),
            "super" => {
                let mut b = scope.to_vec();
                let mut k = 0;
                while path.get(k).map(String::as_str) == Some("super") {
                    b.pop();
                    k += 1;
                }
                b.extend(path[k..].iter().cloned());
                return Some(b);
            }
            _ => {
                let mut child = scope.to_vec();
                child.push(first.clone());
                if self.is_mod(&child) {
                    child.extend(path[1..].iter().cloned());
                    return Some(child);
                }
                let mut b = aliases.get(&(scope.to_vec(), first.clone()))?.clone();
                b.extend(path[1..].iter().cloned());
                return Some(b);
            }
        };
        base.extend(path[1..].iter().cloned());
        Some(base)
    }

    /// The module that defines what an absolute path names, through `pub use` re-exports.
    fn target(&self, abs: &[String]) -> Vec<String> {
        let mut abs = abs.to_vec();
        for _ in 0..16 {
            let mut m: Vec<String> = Vec::new();
            let mut k = 0;
            while k < abs.len() && self.is_mod(&[m.clone(), vec![abs[k].clone()]].concat()) {
                m.push(abs[k].clone());
                k += 1;
            }
            match abs.get(k).and_then(|name| self.reexports.get(&m).and_then(|r| r.get(name))) {
                Some(to) if to != &abs[..=k] => abs = [to.clone(), abs[k + 1..].to_vec()].concat(),
                _ => return m,
            }
        }
        Vec::new()
    }
}

/// The node code in `scope` of file `f` belongs to: the file, or for a `#[cfg(test)]` inline
/// module its own node (`file.rs#tests`). Nothing can name a test module, so its edges (tests
/// may call the layer above what they test) never close a circle of the shipped code.
fn node_of(f: &FileMod, s: &Scanned, scope: &[String]) -> String {
    match s.tests.iter().find(|t| scope.starts_with(t)) {
        Some(t) => format!("{}#{}", f.rel, t.last().map(String::as_str).unwrap_or("tests")),
        None => f.rel.clone(),
    }
}

fn rust_edges(files: &[FileMod]) -> BTreeMap<String, BTreeSet<String>> {
    let scans: Vec<Scanned> = files.iter().map(scan).collect();
    let mut krate = Crate { file_of: HashMap::new(), reexports: HashMap::new() };
    for (f, s) in files.iter().zip(&scans) {
        krate.file_of.insert(f.path.clone(), f.rel.clone());
        for m in &s.inline {
            krate.file_of.insert(m.clone(), node_of(f, s, m));
        }
    }
    // Aliases and re-exports, resolved in a few rounds (a re-export may go through another).
    let mut aliases: HashMap<(Vec<String>, String), Vec<String>> = HashMap::new();
    for _ in 0..3 {
        for s in &scans {
            for (scope, path, bound) in &s.uses {
                let Some(abs) = krate.absolute(scope, path, &aliases) else { continue };
                let Some(name) = bound else { continue };
                if krate.is_mod(&abs) {
                    aliases.insert((scope.clone(), name.clone()), abs.clone());
                }
                // Private imports count too: a child module may name its parent's (`super::x`).
                krate.reexports.entry(scope.clone()).or_default().insert(name.clone(), abs);
            }
        }
    }
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (f, s) in files.iter().zip(&scans) {
        edges.entry(f.rel.clone()).or_default();
        let named = s.uses.iter().map(|(sc, p, _)| (sc, p)).chain(s.paths.iter().map(|(sc, p)| (sc, p)));
        for (scope, path) in named {
            let Some(abs) = krate.absolute(scope, path, &aliases) else { continue };
            let m = krate.target(&abs);
            let from = node_of(f, s, scope);
            if let Some(to) = krate.file_of.get(&m) {
                if to != &from && to != &f.rel {
                    edges.entry(from).or_default().insert(to.clone());
                }
            }
        }
    }
    edges
}

// ---------------------------------------------------------------- JavaScript

/// The `*.js` files of `dir` (not its subfolders) and their relative imports among them.
pub fn js_graph(name: &str, root: &Path, dir: &Path) -> Result<Graph, String> {
    let mut sources = Vec::new();
    let rd = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in rd.flatten() {
        let p = entry.path();
        if p.extension().is_some_and(|e| e == "js") {
            let text = std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
            let rel = p.strip_prefix(root).unwrap_or(&p).to_string_lossy().replace('\\', "/");
            sources.push((rel, text));
        }
    }
    Ok(Graph { name: name.to_string(), edges: js_edges(&sources) })
}

fn js_edges(sources: &[(String, String)]) -> BTreeMap<String, BTreeSet<String>> {
    let known: BTreeSet<&str> = sources.iter().map(|(r, _)| r.as_str()).collect();
    let mut edges = BTreeMap::new();
    for (rel, text) in sources {
        let dir = rel.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        let mut set = BTreeSet::new();
        for spec in js_specifiers(text) {
            let Some(target) = join_rel(dir, &spec) else { continue };
            if known.contains(target.as_str()) && &target != rel {
                set.insert(target);
            }
        }
        edges.insert(rel.clone(), set);
    }
    edges
}

/// The relative specifiers of `… from './x.js'`, `import './x.js'` and `import('./x.js')`,
/// outside line comments.
fn js_specifiers(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let l = line.trim_start();
        if l.starts_with("//") || l.starts_with('*') || l.starts_with("/*") {
            continue;
        }
        for key in ["from", "import", "import("] {
            let mut rest = l;
            while let Some(p) = rest.find(key) {
                let after = rest[p + key.len()..].trim_start();
                let after = after.strip_prefix('(').unwrap_or(after).trim_start();
                if let Some(q) = after.chars().next().filter(|c| *c == '\'' || *c == '"') {
                    if let Some(end) = after[1..].find(q) {
                        let spec = &after[1..1 + end];
                        if spec.starts_with("./") || spec.starts_with("../") {
                            out.push(spec.to_string());
                        }
                    }
                }
                rest = &rest[p + key.len()..];
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn join_rel(dir: &str, spec: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in spec.split('/') {
        match seg {
            "." | "" => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(edges: &[(&str, &[&str])]) -> Graph {
        Graph { name: "t".into(), edges: edges.iter().map(|(a, bs)| (a.to_string(), bs.iter().map(|b| b.to_string()).collect())).collect() }
    }

    #[test]
    fn a_cycle_is_one_circle_and_a_diamond_is_none() {
        let cycle = graph(&[("a", &["b"]), ("b", &["c"]), ("c", &["a"]), ("d", &["a"])]);
        assert_eq!(circles(&cycle), vec![vec!["a".to_string(), "b".into(), "c".into()]]);
        let diamond = graph(&[("a", &["b", "c"]), ("b", &["d"]), ("c", &["d"]), ("d", &[])]);
        assert!(circles(&diamond).is_empty());
        let two = graph(&[("a", &["b"]), ("b", &["a"]), ("c", &["d"]), ("d", &["e"]), ("e", &["c"])]);
        assert_eq!(circles(&two).iter().map(Vec::len).collect::<Vec<_>>(), [3, 2]);
    }

    #[test]
    fn rust_paths_resolve_to_the_defining_file_through_reexports() {
        let e = rust_edges_of(&[
            ("lib.rs", "", "pub mod a; pub mod b; mod c;\npub use b::Thing;\n"),
            ("a.rs", "a", "use crate::{Thing, c::helper as h};\nfn f() { h(); }\n#[cfg(test)] mod tests { use super::*; }\n"),
            ("b.rs", "b", "// crate::a::x in a comment is no edge\nconst S: &str = \"crate::a::y\";\npub struct Thing;\n"),
            ("c.rs", "c", "pub fn helper() { let _ = super::b::Thing; }\n"),
        ]);
        let of = |f: &str| e[f].iter().cloned().collect::<Vec<_>>();
        assert_eq!(of("lib.rs"), ["b.rs"]);
        assert_eq!(of("a.rs"), ["b.rs", "c.rs"]);
        assert!(of("b.rs").is_empty());
        assert_eq!(of("c.rs"), ["b.rs"]);
        assert!(circles(&Graph { name: "t".into(), edges: e }).is_empty());
    }

    #[test]
    fn a_test_module_is_its_own_node_and_closes_no_circle() {
        let e = rust_edges_of(&[
            ("lib.rs", "", "pub mod low; pub mod high;\n"),
            ("low.rs", "low", "pub fn f() {}\n#[cfg(test)]\nmod tests {\n    use crate::high::g;\n}\n"),
            ("high.rs", "high", "pub fn g() { crate::low::f() }\n#[cfg(all(test, feature = \"x\"))]\nmod more { fn h() { super::g() } }\n"),
        ]);
        assert_eq!(e["low.rs#tests"].iter().collect::<Vec<_>>(), ["high.rs"]);
        assert!(e["low.rs"].is_empty());
        assert_eq!(e["high.rs"].iter().collect::<Vec<_>>(), ["low.rs"]);
        assert!(circles(&Graph { name: "t".into(), edges: e }).is_empty());
        // Without the attribute the same module is part of its file: a circle.
        let e = rust_edges_of(&[
            ("lib.rs", "", "pub mod low; pub mod high;\n"),
            ("low.rs", "low", "mod tests { use crate::high::g; }\n"),
            ("high.rs", "high", "fn g() { crate::low::f() }\n"),
        ]);
        assert_eq!(circles(&Graph { name: "t".into(), edges: e }).len(), 1);
    }

    #[test]
    fn a_parent_naming_its_child_and_the_child_naming_super_is_a_circle() {
        let e = rust_edges_of(&[
            ("lib.rs", "", "pub mod m;\n"),
            ("m/mod.rs", "m", "mod k;\npub struct S;\npub fn f() { k::g() }\n"),
            ("m/k.rs", "m::k", "use super::S;\npub fn g() {}\n"),
        ]);
        let found = circles(&Graph { name: "t".into(), edges: e });
        assert_eq!(found, vec![vec!["m/k.rs".to_string(), "m/mod.rs".into()]]);
    }

    #[test]
    fn js_imports_make_edges_and_a_mutual_import_is_a_circle() {
        let src = |a: &str, b: &str| (a.to_string(), b.to_string());
        let e = js_edges(&[
            src("ext/a.js", "import { x } from './b.js';\n// import { y } from './c.js';\n"),
            src("ext/b.js", "import {\n  z,\n} from './c.js';\nexport { q } from \"./d.js\";\n"),
            src("ext/c.js", "const m = await import('./a.js');\nimport 'https://x/y.js';\n"),
            src("ext/d.js", ""),
        ]);
        assert_eq!(e["ext/a.js"].iter().collect::<Vec<_>>(), ["ext/b.js"]);
        assert_eq!(e["ext/b.js"].iter().collect::<Vec<_>>(), ["ext/c.js", "ext/d.js"]);
        let found = circles(&Graph { name: "t".into(), edges: e });
        assert_eq!(found, vec![vec!["ext/a.js".to_string(), "ext/b.js".into(), "ext/c.js".into()]]);
    }
}
