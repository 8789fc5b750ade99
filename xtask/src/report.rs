//! Names the failed tests of a `node --test` run in the summary. CI shows the end of the
//! output, and a suite's own log can be cut; so the node suites also write TAP to a file of
//! this run (`target/e2e/<pid>/<suite>.tap`) and a failure lists every `not ok` test there
//! with the first lines of its error.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Adds the spec reporter on stdout and a TAP reporter into `tap` to a `node --test` command.
pub fn reporters(cmd: &mut Command, tap: &Path) {
    cmd.args(["--test-reporter=spec", "--test-reporter-destination=stdout", "--test-reporter=tap"])
        .arg(format!("--test-reporter-destination={}", tap.display()));
}

/// Where a suite's TAP goes: beside the extension copy of this run.
pub fn tap_path(ext_dir: &Path, suite: &str) -> PathBuf {
    let dir = ext_dir.parent().unwrap_or(ext_dir);
    let _ = std::fs::create_dir_all(dir);
    dir.join(format!("{suite}.tap"))
}

/// `run`, and on failure the failed tests named from the TAP file `reporters` gave the command
/// (a command without one runs as `run`).
pub fn run_named(cmd: &mut Command) -> Result<(), String> {
    let tap = cmd.get_args().filter_map(|a| a.to_str()?.strip_prefix("--test-reporter-destination=")).find(|d| *d != "stdout").map(PathBuf::from);
    if let Some(tap) = &tap {
        let _ = std::fs::remove_file(tap);
    }
    crate::ctx::run(cmd).map_err(|e| {
        let failed = tap.and_then(|t| std::fs::read_to_string(t).ok()).map(|t| failures(&t)).unwrap_or_default();
        if failed.is_empty() {
            e
        } else {
            format!("{e}\n{}", failed.join("\n"))
        }
    })
}

/// Every `not ok` test of a TAP text with up to four lines of its error, as `  ✖ name: error`.
/// A parent whose only failure is its subtests' (`failureType: 'subtestsFailed'`) is left out.
pub fn failures(tap: &str) -> Vec<String> {
    let lines: Vec<&str> = tap.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        let Some(rest) = t.strip_prefix("not ok ") else { continue };
        let name = rest.split_once(" - ").map_or(rest, |(_, n)| n);
        let indent = line.len() - t.len();
        let block: Vec<&str> = lines[i + 1..].iter().take_while(|l| l.trim().is_empty() || l.len() - l.trim_start().len() > indent).copied().collect();
        if block.iter().any(|l| l.trim() == "failureType: 'subtestsFailed'") {
            continue;
        }
        let error = block.iter().position(|l| l.trim_start().starts_with("error:")).map_or(String::new(), |k| {
            let key = block[k];
            let key_indent = key.len() - key.trim_start().len();
            let first = key.trim_start()["error:".len()..].trim();
            let body = block[k + 1..]
                .iter()
                .take_while(|l| l.trim().is_empty() || l.len() - l.trim_start().len() > key_indent)
                .map(|l| l.trim())
                .filter(|l| !l.is_empty());
            let mut parts: Vec<&str> = if first == "|-" || first.is_empty() { Vec::new() } else { vec![first] };
            parts.extend(body.take(4));
            parts.join(" / ")
        });
        out.push(format!("  ✖ {name}: {error}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::failures;

    #[test]
    fn names_each_failed_test_with_its_error_and_skips_parents() {
        let tap = "TAP version 13\n# Subtest: a\nok 1 - a\n  ---\n  duration_ms: 1\n  ...\n# Subtest: parent\n    # Subtest: child\n    not ok 1 - child\n      ---\n      duration_ms: 2\n      failureType: 'testCodeFailure'\n      error: |-\n        Expected values to be strictly equal:\n        \n        1 !== 2\n      code: 'ERR_ASSERTION'\n      ...\n    1..1\nnot ok 2 - parent\n  ---\n  duration_ms: 3\n  failureType: 'subtestsFailed'\n  error: '1 subtest failed'\n  ...\nnot ok 3 - timed out\n  ---\n  failureType: 'testTimeoutFailure'\n  error: 'test timed out after 100ms'\n  ...\n1..3\n";
        let f = failures(tap);
        assert_eq!(f, vec!["  ✖ child: Expected values to be strictly equal: / 1 !== 2", "  ✖ timed out: 'test timed out after 100ms'"]);
    }
}
