//! Test harness: a temporary directory and a command runner for the real
//! binary, plus access to `../shared` data when it is present.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The binary under test.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_geomention"))
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared`, if present. Tests that need it print that they were skipped
/// when it is absent, unless GEOMENTION_REQUIRE_SHARED is set (as in CI),
/// where its absence is a failure.
pub fn shared() -> Option<PathBuf> {
    let p = root().join("..").join("shared");
    if p.join("eval").is_dir() {
        return Some(p);
    }
    if std::env::var_os("GEOMENTION_REQUIRE_SHARED").is_some() {
        panic!("../shared is required (GEOMENTION_REQUIRE_SHARED is set) but missing");
    }
    None
}

/// Returns `../shared` or skips the test with a message.
macro_rules! shared_or_skip {
    () => {
        match crate::util::shared() {
            Some(p) => p,
            None => {
                eprintln!("SKIPPED: ../shared is absent; this test needs ../shared/eval");
                return;
            }
        }
    };
}

/// A temporary directory that is removed on drop.
pub struct TestDir {
    dir: tempfile::TempDir,
}

impl TestDir {
    pub fn new() -> TestDir {
        TestDir {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
    pub fn join(&self, p: &str) -> PathBuf {
        self.dir.path().join(p)
    }
    pub fn write(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let p = self.join(name);
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).unwrap();
        }
        std::fs::write(&p, content).unwrap();
        p
    }
}

/// The result of running the binary.
pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
    pub fn jsonl(&self) -> Vec<serde_json::Value> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad line ({e}): {l}")))
            .collect()
    }
    pub fn ok(self) -> Run {
        assert_eq!(
            self.status, 0,
            "exit {}; stderr:\n{}",
            self.status, self.stderr
        );
        self
    }
}

/// Runs the binary with arguments and optional stdin, in `cwd`.
pub fn run_in(cwd: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut cmd = Command::new(bin());
    cmd.args(args)
        .current_dir(cwd)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
    let mut child = cmd.spawn().expect("spawn geomention");
    if let Some(input) = stdin {
        use std::io::Write;
        let mut si = child.stdin.take().unwrap();
        si.write_all(input).unwrap();
    }
    let out: Output = child.wait_with_output().expect("wait");
    Run {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs the binary in the repository root.
pub fn run(args: &[&str]) -> Run {
    run_in(&root(), args, None)
}
