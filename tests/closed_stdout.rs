//! A closed stdout (`callprofit ... | head`) ends the command quietly with exit 141, not a
//! panic. Alone in its own test binary: a child spawned by another test thread at the same
//! moment would briefly hold the pipe's read end (between its fork and exec) and let the write
//! through.

fn scenario(name: &str) -> String {
    format!("{}/scenarios/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn closed_stdout_is_not_a_crash() {
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let child = Command::new(env!("CARGO_BIN_EXE_callprofit"))
        .args([
            "calibrate",
            &scenario("data/field_test.csv"),
            "--out",
            dir.path().to_str().unwrap(),
        ])
        .stdout(writer)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(141), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
