//! Streaming `map`: the input is read and mapped in batches
//! (`--batch-bytes`), and the output, the warnings and the errors do not
//! depend on where the batches end.

use crate::util::{TestDir, run_in};

/// Documents with places, coordinates and no place at all.
fn corpus(n: usize) -> String {
    (1..=n)
        .map(|i| {
            let text = match i % 4 {
                0 => format!("Report {i}: shelling hit Idlib, said people in Aleppo."),
                1 => format!("Report {i}: a strike at 35°55′50″N 36°38′02″E near Saraqib."),
                2 => format!("Report {i}: talks in Ankara and Hatay, then Gaziantep."),
                _ => format!("Report {i}: nothing happened."),
            };
            format!("{{\"id\":\"doc-{i}\",\"text\":\"{text}\"}}\n")
        })
        .collect()
}

fn map(dir: &TestDir, args: &[&str]) -> crate::util::Run {
    let mut all = vec!["map", "-q"];
    all.extend_from_slice(args);
    run_in(dir.path(), &all, None)
}

/// Every format is the same with one document per batch, a few per batch
/// and one batch, at one and two threads; mentions come in input order.
#[test]
fn output_does_not_depend_on_batches() {
    let dir = TestDir::new();
    dir.write("c.jsonl", corpus(40));
    for format in [
        "geojson",
        "mentions",
        "mentions-csv",
        "csv",
        "html",
        "partial",
    ] {
        let whole = map(&dir, &["c.jsonl", "--format", format]).ok().stdout;
        for (batch, threads) in [("1", "2"), ("300", "1"), ("1K", "2")] {
            {
                let got = map(
                    &dir,
                    &[
                        "c.jsonl",
                        "--format",
                        format,
                        "--batch-bytes",
                        batch,
                        "--threads",
                        threads,
                    ],
                )
                .ok()
                .stdout;
                assert!(
                    got == whole,
                    "--format {format} --batch-bytes {batch} --threads {threads} differs"
                );
            }
        }
    }
    let rows = map(
        &dir,
        &["c.jsonl", "--format", "mentions", "--batch-bytes", "1"],
    )
    .ok()
    .jsonl();
    let docs: Vec<u64> = rows
        .iter()
        .map(|r| r["doc"].as_str().unwrap()[4..].parse().unwrap())
        .collect();
    assert!(docs.len() > 40, "{}", docs.len());
    assert!(docs.windows(2).all(|w| w[0] <= w[1]), "{docs:?}");
    assert!(rows.iter().any(|r| r["kind"] == "coordinate"));
}

/// Batches across files of a directory and standard input: the same
/// output, and the warnings in the same order, whatever the batch size.
#[test]
fn batches_across_files_keep_order_and_warnings() {
    let dir = TestDir::new();
    for i in 1..=9 {
        dir.write(
            &format!("in/{i}.txt"),
            format!("Item {i}: fighting near Idlib and Homs."),
        );
    }
    dir.write("in/3b.txt", b"\x00\x01binary");
    dir.write("in/5b.txt", "   \n");
    dir.write("in/7b.txt", b"Hama \xff and Idlib");
    let a = map(&dir, &["in", "--format", "mentions"]).ok();
    let mut warnings = None;
    for batch in ["1", "64", "64M"] {
        let r = run_in(
            dir.path(),
            &["map", "in", "--format", "mentions", "--batch-bytes", batch],
            None,
        )
        .ok();
        assert_eq!(r.stdout, a.stdout, "--batch-bytes {batch}");
        let w: Vec<&str> = r.stderr.lines().collect();
        assert_eq!(w.len(), 3, "{}", r.stderr);
        assert!(w[0].contains("3b.txt") && w[0].contains("binary"), "{w:?}");
        assert!(w[1].contains("5b.txt") && w[1].contains("empty"), "{w:?}");
        assert!(w[2].contains("7b.txt") && w[2].contains("UTF-8"), "{w:?}");
        if let Some(prev) = warnings.replace(r.stderr.clone()) {
            assert_eq!(prev, r.stderr);
        }
    }
    let stdin = corpus(12);
    let whole = run_in(
        dir.path(),
        &["map", "-q", "--format", "geojson", "-"],
        Some(stdin.as_bytes()),
    )
    .ok();
    let small = run_in(
        dir.path(),
        &[
            "map",
            "-q",
            "--format",
            "geojson",
            "--batch-bytes",
            "1",
            "-",
        ],
        Some(stdin.as_bytes()),
    )
    .ok();
    assert_eq!(whole.stdout, small.stdout);
}

/// An error on a line after a batch boundary names the file and the line;
/// with -o nothing is published.
#[test]
fn errors_after_a_batch_boundary_name_the_line() {
    let dir = TestDir::new();
    let mut text = corpus(30);
    text.push_str("{\"id\":\"bad\",\"text\":oops}\n");
    text.push_str(&corpus(3));
    dir.write("bad.jsonl", text);
    for format in ["mentions", "geojson"] {
        let r = run_in(
            dir.path(),
            &[
                "map",
                "bad.jsonl",
                "--format",
                format,
                "--batch-bytes",
                "100",
                "-o",
                "out",
            ],
            None,
        );
        assert_eq!(r.status, 1, "{}", r.stderr);
        assert!(r.stderr.contains("bad.jsonl:31"), "{}", r.stderr);
        assert!(
            !r.stderr.contains("cannot write"),
            "names the input: {}",
            r.stderr
        );
        assert!(!dir.join("out").exists(), "nothing published");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
    // No document at all: nothing is written, as before streaming.
    dir.write("empty.txt", "  ");
    let r = run_in(
        dir.path(),
        &["map", "-q", "empty.txt", "--format", "mentions-csv"],
        None,
    );
    assert_eq!(r.status, 1, "{}", r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(r.stderr.contains("no documents to map"), "{}", r.stderr);
}

/// On standard output, the rows of every document before a bad line are
/// written before the run stops, whatever batch it fell in.
#[test]
fn rows_before_a_bad_line_are_written() {
    let dir = TestDir::new();
    dir.write("good.jsonl", corpus(40));
    let mut text = corpus(40);
    text.push_str("{\"id\":\"bad\",\"text\":oops}\n");
    text.push_str(&corpus(3));
    dir.write("bad.jsonl", text);
    let good = run_in(
        dir.path(),
        &["map", "-q", "good.jsonl", "--format", "mentions"],
        None,
    );
    assert_eq!(good.status, 0, "{}", good.stderr);
    assert!(good.stdout.lines().count() > 40, "{}", good.stdout);
    for batch in ["2M", "300"] {
        let args = [
            "map",
            "-q",
            "bad.jsonl",
            "--format",
            "mentions",
            "--batch-bytes",
            batch,
        ];
        let r = run_in(dir.path(), &args, None);
        assert_eq!(r.status, 1, "{}", r.stderr);
        assert!(r.stderr.contains("bad.jsonl:41"), "{}", r.stderr);
        assert_eq!(r.stdout, good.stdout, "--batch-bytes {batch}");
    }
}

/// The coordinates written in the texts travel in partial results: merge
/// gives what map gives (before, merge dropped them).
#[test]
fn merge_keeps_coordinates() {
    let dir = TestDir::new();
    let all = corpus(24);
    let part = |k: usize| -> String {
        all.lines()
            .enumerate()
            .filter(|(i, _)| (i % 3 == 0) == (k == 0))
            .map(|(_, l)| format!("{l}\n"))
            .collect()
    };
    dir.write("all.jsonl", &all);
    dir.write("a.jsonl", part(0));
    dir.write("b.jsonl", part(1));
    for f in ["a", "b"] {
        map(
            &dir,
            &[
                &format!("{f}.jsonl"),
                "--format",
                "partial",
                "-o",
                &format!("{f}.partial"),
            ],
        )
        .ok();
    }
    for format in ["geojson", "csv", "html", "geojsonseq"] {
        let want = map(&dir, &["all.jsonl", "--format", format]).ok().stdout;
        assert!(want.contains("coord:"), "{format}: has coordinates");
        let got = run_in(
            dir.path(),
            &["merge", "-q", "b.partial", "a.partial", "--format", format],
            None,
        )
        .ok()
        .stdout;
        assert!(got == want, "merge --format {format} differs from map");
    }
}

/// Issue 10: the binary turns transparent huge pages off for itself before
/// its heap grows. mimalloc's first arena, reserved before `main`, is
/// advised for them, so each touch could make 2 MB resident: with them on, a
/// 50 MB JSON Lines run peaked 20-40 MB higher.
#[cfg(target_os = "linux")]
#[test]
fn transparent_huge_pages_are_off() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(crate::util::bin())
        .args(["map", "-q", "--format", "mentions", "-"])
        .env_remove("MIMALLOC_ALLOW_THP")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let status = format!("/proc/{}/status", child.id());
    let mut seen = None;
    for _ in 0..200 {
        let s = std::fs::read_to_string(&status).unwrap_or_default();
        // Once the reader waits on standard input, `main` has run its set-up.
        if let Some(l) = s.lines().find(|l| l.starts_with("THP_enabled:")) {
            seen = Some(l.split_whitespace().nth(1).unwrap_or("").to_string());
            if seen.as_deref() == Some("0") {
                break;
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(b"{\"id\":\"a\",\"text\":\"Shelling hit Idlib.\"}\n")
        .unwrap();
    drop(stdin);
    assert!(child.wait().unwrap().success());
    // Kernels before 5.0 do not report it; every kernel CI runs on does.
    assert_eq!(seen.as_deref(), Some("0"), "THP_enabled of the running map");
}
