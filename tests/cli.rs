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

/// `-o -` is standard output, as `-` is standard input: no file named
/// `-` appears (map, merge, coverage).
#[test]
fn dash_output_is_standard_output() {
    let d = TestDir::new();
    let text: &[u8] = b"Shelling hit Idlib.";
    let rows = run_in(
        d.path(),
        &["map", "-", "--format", "mentions", "-o", "-"],
        Some(text),
    );
    assert_eq!(rows.ok().jsonl()[0]["name"], "Idlib");
    let part = run_in(
        d.path(),
        &["map", "-", "--format", "partial", "-o", "-"],
        Some(text),
    )
    .ok();
    let p = d.write("p.partial", part.stdout.as_bytes());
    let merged = run_in(d.path(), &["merge", p.to_str().unwrap(), "-o", "-"], None).ok();
    assert_eq!(merged.json()["features"][0]["properties"]["name"], "Idlib");
    let cov = run_in(d.path(), &["coverage", "-", "-o", "-"], Some(text)).ok();
    assert!(cov.stdout.contains("Idlib"), "{}", cov.stdout);
    assert!(!d.join("-").exists(), "a file named - was written");
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
    // Two letters that no country has: an error, not a bias that does nothing.
    let r = run_in(
        &crate::util::root(),
        &["map", "--country", "SY,XQ", "-"],
        Some(b"Idlib"),
    );
    assert_eq!(r.status, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--country XQ"), "{}", r.stderr);
    let r = run_in(
        &crate::util::root(),
        &["map", "--country", "sy", "-"],
        Some(b"Idlib"),
    );
    assert_eq!(r.status, 0, "{}", r.stderr);
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

// ---- `-o PATH`: what may be replaced, races, temporary files (issue 11) ----

/// A run writing `-o` that waits on a stdin pipe after creating its
/// temporary files, so a test can act while it is in flight.
struct InFlight {
    child: std::process::Child,
}

/// The hidden temporary files (`.geomention-*`) in `dir`.
fn temps(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".geomention-"))
        .collect()
}

impl InFlight {
    /// Starts `geomention map - ARGS` in `dir` and waits until its
    /// temporary output file exists.
    fn start(dir: &std::path::Path, args: &[&str]) -> InFlight {
        use std::process::{Command, Stdio};
        let child = Command::new(crate::util::bin())
            .arg("map")
            .arg("-")
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let t0 = std::time::Instant::now();
        while temps(dir).is_empty() {
            assert!(t0.elapsed().as_secs() < 30, "no temporary file appeared");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        InFlight { child }
    }

    /// Feeds the text, closes stdin, waits: (exit code, stderr).
    fn finish(mut self, text: &str) -> (i32, String) {
        use std::io::Write;
        let mut si = self.child.stdin.take().unwrap();
        si.write_all(text.as_bytes()).unwrap();
        drop(si);
        let out = self.child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        (out.status.code().unwrap_or(-1), err)
    }

    /// Sends a signal by name (TERM, INT) and waits: the exit code.
    fn kill(mut self, sig: &str) -> Option<i32> {
        let pid = self.child.id().to_string();
        let st = std::process::Command::new("kill")
            .args([&format!("-{sig}"), &pid])
            .status()
            .unwrap();
        assert!(st.success());
        // Stdin stays open while waiting (`wait` would close it first, and
        // the run would go on to read an end of file).
        let _stdin = self.child.stdin.take();
        self.child.wait().unwrap().code()
    }
}

#[test]
#[allow(clippy::print_stderr)] // says which case was SKIPPED
fn output_never_replaces_anything_but_a_regular_file() {
    let d = TestDir::new();
    let a = d.write("a.txt", "Shelling hit Idlib.");
    let a = a.to_str().unwrap();
    std::fs::create_dir(d.join("dir.geojson")).unwrap();
    d.write("target.txt", "keep");
    std::os::unix::fs::symlink("target.txt", d.join("link.geojson")).unwrap();
    let fifo = d.join("fifo.geojson");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.unwrap().success(), "mkfifo");
    let mut cases = vec![
        ("dir.geojson", "a directory"),
        ("link.geojson", "a symbolic link"),
        ("fifo.geojson", "a FIFO"),
    ];
    // A device node of our own (as root); /dev/null itself is never risked.
    let dev = d.join("null.geojson");
    let mknod = std::process::Command::new("mknod")
        .arg(&dev)
        .args(["c", "1", "3"])
        .stderr(std::process::Stdio::null())
        .status();
    if mknod.is_ok_and(|s| s.success()) {
        cases.push(("null.geojson", "a device"));
    } else {
        eprintln!("SKIPPED (device node case): mknod needs root");
    }
    for (name, what) in cases {
        for force in [false, true] {
            let mut args = vec!["map", a, "-o", name];
            if force {
                args.push("-f");
            }
            let r = run_in(d.path(), &args, None);
            assert_eq!(r.status, 1, "{name} -f={force}: {}", r.stderr);
            assert!(r.stderr.contains(name), "{}", r.stderr);
            assert!(r.stderr.contains(what), "{}", r.stderr);
            assert!(r.stderr.contains("regular file"), "{}", r.stderr);
            let m = std::fs::symlink_metadata(d.join(name)).unwrap();
            assert!(!m.file_type().is_file(), "{name} was replaced");
        }
    }
    assert_eq!(
        std::fs::read_to_string(d.join("target.txt")).unwrap(),
        "keep"
    );
    assert!(temps(d.path()).is_empty(), "{:?}", temps(d.path()));
}

/// A careless `-o` that names an input: even with `-f` the input is not
/// replaced (by `map`, `merge` or `coverage`; named as it is or through a
/// link), and
/// an earlier output inside a directory being mapped is not read as a
/// document.
#[test]
fn an_input_is_never_an_output() {
    let d = TestDir::new();
    d.write("notes.txt", "Shelling hit Idlib.");
    std::os::unix::fs::symlink("notes.txt", d.join("link.txt")).unwrap();
    let refused = |args: &[&str], input: &str| {
        let r = run_in(d.path(), args, None);
        assert_eq!(r.status, 1, "{args:?}: {}", r.stderr);
        let said = r.stderr.contains("both an input and an output");
        assert!(said && r.stderr.contains(input), "{args:?}: {}", r.stderr);
    };
    refused(&["map", "notes.txt", "-o", "notes.txt", "-f"], "notes.txt");
    refused(&["map", "link.txt", "-o", "notes.txt", "-f"], "link.txt");
    refused(
        &["coverage", "notes.txt", "-o", "notes.txt", "-f"],
        "notes.txt",
    );
    let args = ["map", "notes.txt", "--format", "partial", "-o", "p.partial"];
    run_in(d.path(), &args, None).ok();
    refused(
        &["merge", "p.partial", "-o", "p.partial", "-f"],
        "p.partial",
    );
    let notes = std::fs::read_to_string(d.join("notes.txt")).unwrap();
    assert_eq!(notes, "Shelling hit Idlib.");
    // A directory holding an earlier run's output: mapped again, the
    // output is skipped with a warning, not mapped as a text.
    d.write("texts/a.txt", "Shelling hit Idlib.");
    let again = ["map", "texts", "-o", "texts/map.geojson", "-f"];
    run_in(d.path(), &again, None).ok();
    let r = run_in(d.path(), &again, None).ok();
    assert!(
        r.stderr.contains("an output file of this run"),
        "{}",
        r.stderr
    );
    let out = std::fs::read_to_string(d.join("texts/map.geojson")).unwrap();
    let out: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(out["mentions_found"], 1, "{out}");
    assert!(temps(d.path()).is_empty(), "{:?}", temps(d.path()));
}

#[test]
fn output_errors_say_the_os_error_once_and_no_temporary_path() {
    let d = TestDir::new();
    let a = d.write("a.txt", "Shelling hit Idlib.");
    let out = d.join("missing-dir/out.geojson");
    let r = run(&["map", a.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(r.status, 1, "{}", r.stderr);
    assert_eq!(r.stderr.matches("os error 2").count(), 1, "{}", r.stderr);
    assert!(!r.stderr.contains(".geomention-"), "{}", r.stderr);
    assert!(r.stderr.contains("out.geojson"), "{}", r.stderr);
    // The same for any I/O error of the library (a missing gazetteer).
    let r = run(&["map", a.to_str().unwrap(), "--gazetteer", "/no/such.csv"]);
    assert_eq!(r.stderr.matches("os error 2").count(), 1, "{}", r.stderr);
}

#[test]
fn a_file_created_while_the_run_works_is_never_overwritten() {
    let d = TestDir::new();
    let a = d.write("a.txt", "Shelling hit Idlib.");
    // Run 1 has created its temporary file and waits; run 2 writes the
    // same target meanwhile and wins.
    let first = InFlight::start(d.path(), &["-o", "out.geojson"]);
    let r = run_in(
        d.path(),
        &["map", a.to_str().unwrap(), "-o", "out.geojson"],
        None,
    );
    assert_eq!(r.status, 0, "{}", r.stderr);
    let second = std::fs::read_to_string(d.join("out.geojson")).unwrap();
    let (code, err) = first.finish("Talks in Ankara and Moscow.");
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("out.geojson") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(d.join("out.geojson")).unwrap(),
        second
    );
    assert!(second.contains("Idlib"));
    assert!(temps(d.path()).is_empty(), "{:?}", temps(d.path()));
}

#[test]
fn with_force_a_target_turned_symlink_meanwhile_is_not_replaced() {
    let d = TestDir::new();
    d.write("out.geojson", "old");
    d.write("target.txt", "keep");
    let run1 = InFlight::start(d.path(), &["-o", "out.geojson", "-f"]);
    std::fs::remove_file(d.join("out.geojson")).unwrap();
    std::os::unix::fs::symlink("target.txt", d.join("out.geojson")).unwrap();
    let (code, err) = run1.finish("Talks in Ankara.");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("a symbolic link"), "{err}");
    let m = std::fs::symlink_metadata(d.join("out.geojson")).unwrap();
    assert!(m.file_type().is_symlink());
    assert_eq!(
        std::fs::read_to_string(d.join("target.txt")).unwrap(),
        "keep"
    );
    assert!(temps(d.path()).is_empty(), "{:?}", temps(d.path()));
}

#[test]
fn sigterm_and_sigint_leave_no_temporary_file() {
    for (sig, code) in [("TERM", 143), ("INT", 130)] {
        for args in [
            vec!["-o", "out.geojson"],
            vec!["--format", "csv", "-o", "out.csv"],
            vec!["-o", "out.geojson", "--split-geometry"],
        ] {
            let d = TestDir::new();
            let run1 = InFlight::start(d.path(), &args);
            assert!(!temps(d.path()).is_empty());
            assert_eq!(run1.kill(sig), Some(code), "SIG{sig} {args:?}");
            let left: Vec<_> = std::fs::read_dir(d.path()).unwrap().collect();
            assert!(left.is_empty(), "SIG{sig} {args:?}: {left:?}");
        }
    }
}

/// A write error (here the file size limit, `ulimit -f`, as a full disk
/// would) removes the temporary files of the whole set.
#[test]
fn a_write_error_leaves_no_temporary_file_and_no_half_set() {
    let d = TestDir::new();
    let text = "Talks in Ankara, Moscow, Idlib and Aleppo. ".repeat(50);
    let a = d.write("in/a.txt", text);
    for args in [
        vec!["-o", "out.geojson"],
        vec!["--format", "csv", "-o", "out.csv"],
        vec!["-o", "out.geojson", "--split-geometry"],
    ] {
        let r = std::process::Command::new("sh")
            .arg("-c")
            .arg("ulimit -f 4; trap '' XFSZ; exec \"$0\" \"$@\"")
            .arg(crate::util::bin())
            .arg("map")
            .arg(&a)
            .args(&args)
            .current_dir(d.path())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&r.stderr);
        assert_eq!(r.status.code(), Some(1), "{args:?}: {err}");
        assert_eq!(err.matches("File too large").count(), 1, "{err}");
        assert!(!err.contains(".geomention-"), "{err}");
        let left: Vec<_> = std::fs::read_dir(d.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .filter(|n| n != "in")
            .collect();
        assert!(left.is_empty(), "{args:?}: {left:?}");
    }
}

/// A full disk, on a small tmpfs (needs root and mount; skipped cleanly
/// where mounting is impossible).
#[test]
#[allow(clippy::print_stderr)] // says SKIPPED where it cannot run
fn a_full_disk_leaves_no_temporary_file() {
    let d = TestDir::new();
    let mnt = d.join("mnt");
    std::fs::create_dir(&mnt).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=8k", "tmpfs"])
        .arg(&mnt)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("SKIPPED: cannot mount a tmpfs here (needs root)");
        return;
    }
    let text = "Talks in Ankara, Moscow, Idlib and Aleppo. ".repeat(200);
    let a = d.write("a.txt", text);
    let r = run_in(
        &mnt,
        &[
            "map",
            a.to_str().unwrap(),
            "--format",
            "csv",
            "-o",
            "out.csv",
        ],
        None,
    );
    let left: Vec<_> = std::fs::read_dir(&mnt)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let _ = std::process::Command::new("umount").arg(&mnt).status();
    assert_eq!(r.status, 1, "{}", r.stderr);
    assert!(r.stderr.contains("No space left on device"), "{}", r.stderr);
    assert!(left.is_empty(), "{left:?}");
}

/// The CSV and its sidecars are one set: when the last cannot be published
/// (a `.prj` created meanwhile), the others are taken back.
#[test]
fn csv_sidecars_are_published_as_a_set() {
    let d = TestDir::new();
    let run1 = InFlight::start(d.path(), &["--format", "csv", "-o", "out.csv"]);
    d.write("out.prj", "someone else's");
    let (code, err) = run1.finish("Talks in Ankara.");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("out.prj"), "{err}");
    let mut left: Vec<String> = std::fs::read_dir(d.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["out.prj"]);
    assert_eq!(
        std::fs::read_to_string(d.join("out.prj")).unwrap(),
        "someone else's"
    );
}

/// Runs started together on one target: exactly one writes it (a complete
/// file), every other one is refused, and no temporary file stays.
#[test]
fn concurrent_runs_to_one_target_give_one_file_and_refusals() {
    let d = TestDir::new();
    let a = d.write("a.txt", "Talks in Ankara and Moscow; shelling in Idlib.");
    let kids: Vec<_> = (0..4)
        .map(|_| {
            std::process::Command::new(crate::util::bin())
                .args(["map", a.to_str().unwrap(), "-o", "out.geojson"])
                .current_dir(d.path())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let codes: Vec<Option<i32>> = kids
        .into_iter()
        .map(|k| k.wait_with_output().unwrap().status.code())
        .collect();
    assert_eq!(
        codes.iter().filter(|c| **c == Some(0)).count(),
        1,
        "{codes:?}"
    );
    assert_eq!(
        codes.iter().filter(|c| **c == Some(1)).count(),
        3,
        "{codes:?}"
    );
    let fc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("out.geojson")).unwrap()).unwrap();
    assert_eq!(fc["features"].as_array().unwrap().len(), 3);
    assert!(temps(d.path()).is_empty(), "{:?}", temps(d.path()));
}

/// With -f, a set is checked whole before the first rename: a sidecar
/// turned into a directory meanwhile stops it with the old files intact.
#[test]
fn with_force_a_set_is_checked_before_any_file_is_replaced() {
    let d = TestDir::new();
    for f in ["out.csv", "out.csvt", "out.prj"] {
        d.write(f, "old");
    }
    let run1 = InFlight::start(d.path(), &["--format", "csv", "-o", "out.csv", "-f"]);
    std::fs::remove_file(d.join("out.prj")).unwrap();
    std::fs::create_dir(d.join("out.prj")).unwrap();
    let (code, err) = run1.finish("Talks in Ankara.");
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("out.prj") && err.contains("a directory"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(d.join("out.csv")).unwrap(), "old");
    assert_eq!(std::fs::read_to_string(d.join("out.csvt")).unwrap(), "old");
    assert!(temps(d.path()).is_empty(), "{:?}", temps(d.path()));
}

#[test]
fn thread_counts_give_the_same_bytes() {
    let d = TestDir::new();
    let mut rows = String::new();
    for i in 0..300 {
        let text = format!(
            "Report {i}: shelling near Idlib and Aleppo; talks in Ankara, Moscow and Geneva. \
             Officials in Syria said {i} people fled to Turkey."
        );
        rows.push_str(&serde_json::json!({"id": format!("d{i}"), "text": text}).to_string());
        rows.push('\n');
    }
    let f = d.write("docs.jsonl", rows);
    let f = f.to_str().unwrap();
    for format in ["mentions", "geojson"] {
        let one = run(&["map", "--threads", "1", "--format", format, f]).ok();
        let two = run(&["map", "--threads", "2", "--format", format, f]).ok();
        let all = run(&["map", "--format", format, f]).ok();
        assert!(!one.stdout.is_empty());
        assert_eq!(one.stdout, two.stdout, "{format}");
        assert_eq!(one.stdout, all.stdout, "{format}");
        // Standard error is not a terminal here: no progress bar.
        assert_eq!(one.stderr, "", "{format}");
    }
    let one = run(&["coverage", "--threads", "1", "--format", "json", f]).ok();
    let two = run(&["coverage", "--threads", "2", "--format", "json", f]).ok();
    assert_eq!(one.stdout, two.stdout);
    for cmd in ["map", "coverage"] {
        let r = run(&[cmd, "--threads", "0", f]);
        assert_eq!(r.status, 2, "{}", r.stderr);
    }
}

/// The (text, place id) pairs `map --format mentions` finds in `text`.
fn mention_ids(text: &str) -> Vec<(String, String)> {
    let d = TestDir::new();
    let r = run_in(
        d.path(),
        &["map", "-", "--format", "mentions"],
        Some(text.as_bytes()),
    );
    assert_eq!(r.status, 0, "{}", r.stderr);
    r.stdout
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let id = v["place_id"].as_str().unwrap_or("").to_string();
            (v["text"].as_str().unwrap().to_string(), id)
        })
        .collect()
}

#[test]
fn short_lower_case_and_capitals_input_is_read() {
    // A text without a capital letter is lower-case text, however short;
    // a line without a lower-case letter is a headline or a query.
    let germany = || [("germany".to_string(), "geonames:2921044".to_string())];
    assert_eq!(mention_ids("we flew to germany"), germany());
    assert_eq!(mention_ids("germany"), germany());
    assert_eq!(
        mention_ids("SYRIA"),
        [("SYRIA".to_string(), "geonames:163843".to_string())]
    );
}

#[test]
fn a_name_that_is_no_place_supports_no_other() {
    // "love" (a place name, but a person's or a common word here) must not
    // make "spring" a place near it, nor the text a story about its
    // country that outweighs Paris.
    let ids = mention_ids("i love paris in the spring");
    assert_eq!(
        ids,
        [("paris".to_string(), "geonames:2988507".to_string())],
        "{ids:?}"
    );
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

/// News dumps come compressed: a `.jsonl.gz` is read as JSON Lines rows
/// (found by name), a gzip stream on standard input as its text, and a
/// truncated `.gz` stops the run with an error naming the file.
#[test]
fn gzip_inputs_are_read() {
    use std::io::Write;
    let gz = |b: &[u8]| {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(b).unwrap();
        e.finish().unwrap()
    };
    let d = TestDir::new();
    let rows =
        "{\"id\":\"a\",\"text\":\"Fighting near Aleppo.\"}\n{\"id\":\"b\",\"text\":\"Hama\"}\n";
    d.write("in/news.jsonl.gz", gz(rows.as_bytes()));
    let path = d.join("in/news.jsonl.gz");
    let r = run(&["map", "--format", "mentions", path.to_str().unwrap()]).ok();
    let docs: Vec<_> = r.jsonl().iter().map(|m| m["doc"].to_string()).collect();
    assert_eq!(docs, ["\"a\"", "\"b\""], "{}", r.stderr);
    let r = run_in(
        &d.join("in"),
        &["map", "--format", "mentions", "-"],
        Some(&gz(b"Idlib")),
    );
    assert_eq!(r.ok().jsonl()[0]["text"], "Idlib");
    let whole = gz("Aleppo and Hama. ".repeat(200).as_bytes());
    d.write("in/cut.txt.gz", &whole[..whole.len() / 2]);
    let cut = d.join("in/cut.txt.gz");
    let r = run(&["map", cut.to_str().unwrap()]);
    assert_eq!(r.status, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("cut.txt.gz") && r.stderr.contains("gzip"),
        "{}",
        r.stderr
    );
}
