//! The command line: inputs, outputs, errors and exit codes.

use crate::util::{TestDir, run, run_in};

#[test]
fn maps_a_text_file_to_geojson() {
    let d = TestDir::new();
    let f = d.write(
        "a.txt",
        "Talks in Ankara and Moscow failed, officials in Syria said.",
    );
    let fc = run(&["map", f.to_str().unwrap()]).ok().json();
    assert_eq!(fc["type"], "FeatureCollection");
    let names: Vec<&str> = fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["properties"]["name"].as_str().unwrap())
        .collect();
    for n in ["Ankara", "Moscow", "Syria"] {
        assert!(names.contains(&n), "{names:?}");
    }
}

#[test]
fn stdin_and_dash() {
    let d = TestDir::new();
    let r = run_in(d.path(), &["map", "-"], Some(b"Shelling hit Idlib."));
    let fc = r.ok().json();
    assert_eq!(fc["features"][0]["properties"]["name"], "Idlib");
}

#[test]
fn no_places_is_an_empty_collection() {
    let d = TestDir::new();
    let f = d.write("a.txt", "Nothing to see here at all.");
    let fc = run(&["map", f.to_str().unwrap()]).ok().json();
    assert_eq!(fc["features"].as_array().unwrap().len(), 0);
}

#[test]
fn directories_are_read_recursively_with_jsonl() {
    let d = TestDir::new();
    d.write("in/a.txt", "Fighting near Aleppo.");
    d.write("in/sub/b.txt", "Talks in Ankara.");
    d.write("in/sub/c.jsonl", "{\"id\":\"x\",\"text\":\"Snow in Moscow.\"}\n{\"id\":\"y\",\"text\":\"Rain in Ankara.\"}\n");
    let r = run(&[
        "map",
        "--format",
        "mentions",
        d.join("in").to_str().unwrap(),
    ])
    .ok();
    let docs: Vec<String> = r
        .jsonl()
        .iter()
        .map(|m| m["doc"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(docs.len(), 4, "{docs:?}");
    assert!(docs.contains(&"x".to_string()) && docs.contains(&"y".to_string()));
    assert!(docs.iter().any(|d| d.ends_with("a.txt")));
}

#[test]
fn output_file_is_atomic_and_needs_force() {
    let d = TestDir::new();
    let f = d.write("a.txt", "Talks in Ankara.");
    let out = d.join("out.geojson");
    run(&["map", f.to_str().unwrap(), "-o", out.to_str().unwrap()]).ok();
    let first = std::fs::read_to_string(&out).unwrap();
    assert!(first.contains("Ankara"));
    let r = run(&["map", f.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(r.status, 1);
    assert!(r.stderr.contains("--force"), "{}", r.stderr);
    // A failing run (missing input) leaves the old file untouched.
    let r = run(&["map", "/no/such/file", "-o", out.to_str().unwrap(), "-f"]);
    assert_eq!(r.status, 1);
    assert!(r.stderr.contains("/no/such/file"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), first);
    // The layer name defaults to the file stem.
    let fc: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert_eq!(fc["name"], "out");
}

#[test]
fn bad_inputs_are_reported() {
    let d = TestDir::new();
    let bin = d.write("x.bin", b"\x00\x01\x02\x03binary");
    let empty = d.write("e.txt", "");
    let bad = d.write("bad.txt", b"Talks in Ankara \xff\xfe failed.");
    let r = run(&[
        "map",
        bin.to_str().unwrap(),
        empty.to_str().unwrap(),
        bad.to_str().unwrap(),
    ])
    .ok();
    assert!(
        r.stderr.contains("x.bin: looks like a binary file"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("e.txt: empty"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("bad.txt: invalid UTF-8 at byte offset 16"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("Ankara"));
    let q = run(&["map", "-q", bad.to_str().unwrap()]).ok();
    assert!(q.stderr.is_empty(), "{}", q.stderr);

    let jl = d.write("d.jsonl", "{\"id\":\"a\",\"text\":\"Ankara\"}\nnot json\n");
    let r = run(&["map", jl.to_str().unwrap()]);
    assert_eq!(r.status, 1);
    assert!(r.stderr.contains("d.jsonl:2:"), "{}", r.stderr);
    assert!(r.stdout.is_empty());
}

#[test]
fn usage_errors_exit_2() {
    let r = run(&["map", "--format", "nope", "x"]);
    assert_eq!(r.status, 2);
    let r = run(&["map", "--country", "Syria", "x.txt"]);
    assert_eq!(r.status, 2, "{}", r.stderr);
    let r = run(&["map", "-f", "x.txt"]);
    assert_eq!(r.status, 2, "{}", r.stderr);
    let r = run(&["map", "--help"]);
    assert_eq!(r.status, 0);
    assert!(r.stdout.contains("Examples:"));
}

#[test]
fn broken_pipe_is_not_an_error() {
    use std::process::{Command, Stdio};
    let d = TestDir::new();
    let text = "Talks in Ankara. ".repeat(20000);
    let f = d.write("big.txt", text);
    let mut child = Command::new(crate::util::bin())
        .args(["map", "--format", "mentions", f.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn bias_by_country_and_box() {
    let d = TestDir::new();
    let text = b"Talks in Tripoli went on.";
    let place = |args: &[&str]| -> String {
        let mut a = vec!["map", "--format", "mentions"];
        a.extend_from_slice(args);
        a.push("-");
        run_in(d.path(), &a, Some(text)).ok().jsonl()[0]["country"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(place(&[]), "LY");
    assert_eq!(place(&["--country", "LB"]), "LB");
    assert_eq!(place(&["--bbox", "35,33,37,35"]), "LB");
    let r = run(&["map", "--bbox", "1,2,3", "x.txt"]);
    assert_eq!(r.status, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--bbox"));
}

/// Runs the binary, failing the test (and killing the run) after 60 s:
/// for inputs that used to hang.
fn run_with_timeout(cwd: &std::path::Path, args: &[&str]) -> crate::util::Run {
    use std::process::{Command, Stdio};
    let mut child = Command::new(crate::util::bin())
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > std::time::Duration::from_secs(60) {
            child.kill().unwrap();
            let _ = child.wait();
            panic!("geomention {args:?} hung");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    crate::util::Run {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Issue 11: one bad entry in a directory stopped the run (exit 1), and a
/// FIFO hung it. Every readable file is mapped, each bad entry is named
/// with its reason, and the run exits 2.
#[cfg(unix)]
#[test]
#[allow(clippy::print_stderr)]
fn bad_directory_entries_are_skipped_and_named() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let d = TestDir::new();
    d.write("in/a.txt", "Fighting near Aleppo.");
    d.write("in/sub/b.txt", "Talks in Ankara.");
    let dir = d.join("in");
    symlink("self-loop", dir.join("self-loop")).unwrap();
    symlink("..", dir.join("sub/up")).unwrap();
    symlink("missing.txt", dir.join("dangling")).unwrap();
    symlink("a.txt", dir.join("link.txt")).unwrap();
    let fifo = dir.join("pipe");
    let ok = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(ok.success());
    let _sock = std::os::unix::net::UnixListener::bind(dir.join("sock")).unwrap();
    let locked = d.write("in/locked.txt", "Rain in Moscow.");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // chmod 000 does not stop root: then only the /proc file below fails.
    let root = std::fs::read(&locked).is_ok();
    if root {
        eprintln!("running as root: the chmod 000 sub-case is skipped");
        std::fs::remove_file(&locked).unwrap();
    }
    // A file whose read fails even for root (open succeeds, read gives EIO).
    let proc_mem = std::path::Path::new("/proc/self/mem").exists();
    if proc_mem {
        symlink("/proc/self/mem", dir.join("sub/mem")).unwrap();
    }
    let input = dir.to_str().unwrap();

    let r = run_with_timeout(d.path(), &["map", "--format", "mentions", input]);
    assert_eq!(r.status, 2, "{}", r.stderr);
    let names: Vec<String> = r
        .jsonl()
        .iter()
        .map(|m| m["text"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, ["Aleppo", "Ankara"], "{}", r.stderr);
    let err = |r: &crate::util::Run, name: &str, why: &str| {
        assert!(
            r.stderr
                .lines()
                .any(|l| l.contains(name) && l.contains(why)),
            "no {name:?} with {why:?} in:\n{}",
            r.stderr
        );
    };
    err(&r, "pipe", "FIFO");
    err(&r, "sock", "socket");
    for link in ["self-loop", "dangling", "link.txt", "up"] {
        err(&r, link, "not followed");
    }
    if !root {
        err(&r, "locked.txt", "cannot be read");
    }
    assert!(
        r.stderr.contains("could not be read and were skipped"),
        "{}",
        r.stderr
    );

    let r = run_with_timeout(
        d.path(),
        &["map", "--format", "mentions", "--follow", input],
    );
    assert_eq!(r.status, 2, "{}", r.stderr);
    let names: Vec<String> = r
        .jsonl()
        .iter()
        .map(|m| m["text"].as_str().unwrap().to_string())
        .collect();
    // a.txt, then link.txt (the same text through the link), then sub/b.txt.
    assert_eq!(names, ["Aleppo", "Aleppo", "Ankara"], "{}", r.stderr);
    err(&r, "dangling", "dangling symbolic link");
    err(&r, "self-loop", "cannot be followed");
    err(&r, "up", "symbolic link loop");
    err(&r, "pipe", "FIFO");
    if proc_mem {
        err(&r, "mem", "cannot be read");
    }
    // -q silences warnings, not skipped entries.
    let r = run_with_timeout(d.path(), &["map", "-q", "--format", "mentions", input]);
    assert_eq!(r.status, 2);
    assert!(
        r.stderr.contains("pipe") && !r.stderr.contains("not followed"),
        "{}",
        r.stderr
    );
}

/// Issue 11: documents had no size limit (a 200 MB line aborted the
/// process); now a document over --max-doc-bytes is an error naming the
/// file, and the JSON Lines row.
#[test]
fn documents_over_the_limit_are_errors() {
    let d = TestDir::new();
    let f = d.write("big.txt", "Fighting near Aleppo. ".repeat(10));
    let p = f.to_str().unwrap();
    let r = run(&["map", "--max-doc-bytes", "100", p]);
    assert_eq!(r.status, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "{p}: the document is larger than the limit of 100 bytes"
        )),
        "{}",
        r.stderr
    );
    run(&["map", "--max-doc-bytes", "1K", p]).ok();
    // A 200 MB one-line JSON Lines document (sparse: no 200 MB written)
    // is refused after 64 MiB, by default.
    let head = "{\"id\":\"ok\",\"text\":\"Aleppo\"}\n{\"text\":\"".to_string() + &"a".repeat(9000);
    let j = d.write("big.jsonl", head);
    std::fs::OpenOptions::new()
        .write(true)
        .open(&j)
        .unwrap()
        .set_len(200 << 20)
        .unwrap();
    let r = run(&["map", j.to_str().unwrap()]);
    assert_eq!(r.status, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "{}:2: the row is longer than the limit of 67108864 bytes",
            j.display()
        )),
        "{}",
        r.stderr
    );
    // And a 200 MB text file is refused before it is read.
    let t = d.write("big2.txt", "Aleppo ");
    std::fs::OpenOptions::new()
        .write(true)
        .open(&t)
        .unwrap()
        .set_len(200 << 20)
        .unwrap();
    let r = run(&["map", t.to_str().unwrap()]);
    assert_eq!(r.status, 1, "{}", r.stderr);
    assert!(r.stderr.contains("larger than the limit"), "{}", r.stderr);
}

/// Issue 11: UTF-16 files with a byte order mark were skipped as binary.
#[test]
fn utf16_files_are_decoded() {
    let d = TestDir::new();
    let text = "Fighting near Aleppo.";
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    for u in text.encode_utf16() {
        le.extend_from_slice(&u.to_le_bytes());
        be.extend_from_slice(&u.to_be_bytes());
    }
    d.write("in/le.txt", le);
    d.write("in/be.txt", be);
    let r = run(&[
        "map",
        "--format",
        "mentions",
        d.join("in").to_str().unwrap(),
    ])
    .ok();
    let m = r.jsonl();
    assert_eq!(m.len(), 2, "{}", r.stderr);
    for x in &m {
        assert_eq!(x["text"], "Aleppo");
        assert_eq!(x["start"], 14, "{x}");
    }
}
