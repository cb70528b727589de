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
