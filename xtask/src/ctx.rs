//! What every command gets (the workspace root), the stand-in's demo client, and [`run`]: the
//! floor of xtask, which every command file names and which names none of them.

use std::path::PathBuf;
use std::process::Command;

/// The workspace root every command works in.
pub struct Ctx {
    pub root: PathBuf,
}

/// Demo API client of the stand-in's default configuration (stand-in only, not a secret).
pub const DEMO_CLIENT_ID: &str = "client-demo";
pub const DEMO_CLIENT_SECRET: &str = "demo-secret-0123456789";

/// Runs a command, inheriting stdio; an error names the command when it fails.
pub fn run(cmd: &mut Command) -> Result<(), String> {
    let status = cmd.status().map_err(|e| format!("{:?}: {e}", cmd.get_program()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{:?} {:?} failed ({status})", cmd.get_program(), cmd.get_args().collect::<Vec<_>>()))
    }
}
