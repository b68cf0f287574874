//! Helpers shared by the integration tests that run the real binary.

use std::path::Path;
use std::process::Command;

/// Path of a bundled scenario, e.g. `scenario("plans/baseline.toml")`.
pub fn scenario(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name);
    p.display().to_string()
}

/// Runs `callprofit` with `args`: exit code, stdout, stderr.
pub fn callprofit(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_callprofit"))
        .args(args)
        .output()
        .expect("binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
