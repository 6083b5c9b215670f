//! `cxkit replay` as a user runs it: the binary on the samples and
//! fixtures, its text and JSON reports, `--strict`, `--follow`.

#![allow(clippy::unwrap_used)]

use std::process::{Command, Output};

fn repo(path: &str) -> String {
    format!("{}/../../{path}", env!("CARGO_MANIFEST_DIR"))
}

fn replay(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cxkit")).arg("replay").args(args).output().unwrap()
}

fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

#[test]
fn the_queue_log_sample_replays_with_outcomes_trend_and_wallboard() {
    let o = replay(&[
        "--from",
        "asterisk-queue-log",
        "--tz",
        "America/Los_Angeles",
        &repo("tests/feeds/asterisk-queue-log/asterisk2slack_queue_log"),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    insta::assert_snapshot!("queue_log_sample_text", text(&o.stdout));
    // Bad records are reported on stderr with their line, and skipped.
    let err = text(&o.stderr);
    assert!(err.contains("asterisk2slack_queue_log:8: CALL_ENDED"), "{err}");
    assert!(err.contains("asterisk2slack_queue_log:16: OUT_OF_ORDER"), "{err}");
}

#[test]
fn json_lines_one_per_ended_call_then_the_summary() {
    let o = replay(&[
        "--json",
        "--from",
        "asterisk-queue-log",
        &repo("tests/feeds/asterisk-queue-log/exits-16.queue_log"),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let lines: Vec<serde_json::Value> = text(&o.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let (summary, calls) = lines.split_last().unwrap();
    assert!(calls.iter().all(|c| c["call"].is_string() && c["outcome"].is_string()));
    let s = &summary["summary"];
    assert_eq!(s["calls_ended"].as_u64().unwrap() as usize, calls.len());
    let by_outcome: u64 = s["outcomes"].as_object().unwrap().values().map(|v| v.as_u64().unwrap()).sum();
    assert_eq!(by_outcome as usize, calls.len());
    insta::assert_json_snapshot!("exits_16_json", lines);
}

#[test]
fn every_source_replays_its_fixture_without_refusals() {
    for (from, file) in [
        ("asterisk-queue-log", "tests/feeds/asterisk-queue-log/ringall-16.queue_log"),
        ("asterisk-ami", "tests/feeds/asterisk-ami/queue-16.ami"),
        ("freeswitch", "tests/feeds/freeswitch/ringall-answered.txt"),
        ("freeswitch", "tests/feeds/freeswitch/session.json"),
        ("connect", "tests/feeds/connect/inbound-acw.json"),
    ] {
        let o = replay(&["--json", "--from", from, &repo(file)]);
        assert!(o.status.success(), "{file}: {}", text(&o.stderr));
        let last = text(&o.stdout).lines().last().map(str::to_owned).unwrap();
        let s: serde_json::Value = serde_json::from_str(&last).unwrap();
        assert_eq!(s["summary"]["refused"], 0, "{file}: {}", text(&o.stderr));
        assert!(s["summary"]["calls_ended"].as_u64().unwrap() > 0, "{file}");
    }
}

#[test]
fn strict_stops_at_the_first_bad_record() {
    let o = replay(&[
        "--strict",
        "--from",
        "asterisk-queue-log",
        &repo("tests/feeds/asterisk-queue-log/asterisk2slack_queue_log"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(":8: CALL_ENDED"), "{err}");
}

#[test]
fn usage_errors_exit_2_naming_the_problem() {
    let o = replay(&["--from", "avaya", &repo("tests/feeds/asterisk-queue-log/ringall-16.queue_log")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("unknown source `avaya`, expected one of asterisk-queue-log"));
    let o = replay(&["--from", "connect", "/nonexistent/file"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("cannot open /nonexistent/file"));
    let o = replay(&["--from", "connect", "--tz", "Mars/Olympus", &repo("tests/feeds/connect/missed.json")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("Mars/Olympus"), "{}", text(&o.stderr));
}

#[test]
fn follow_tails_a_growing_file_and_prints_the_wallboard_as_it_changes() {
    let dir = std::env::temp_dir().join(format!("cxkit-follow-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("queue_log");
    let all = std::fs::read_to_string(repo("tests/feeds/asterisk-queue-log/ringall-16.queue_log")).unwrap();
    let lines: Vec<&str> = all.lines().collect();
    let (first, rest) = lines.split_at(lines.len() / 2);
    std::fs::write(&path, first.join("\n") + "\n").unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_cxkit"))
        .args(["replay", "--json", "--follow", "--idle-exit", "1.5", "--from", "asterisk-queue-log"])
        .arg(&path)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new().append(true).open(&path).unwrap();
        for l in rest {
            writeln!(f, "{l}").unwrap();
        }
    }
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out: Vec<serde_json::Value> = text(&o.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(out.iter().any(|v| v.get("wallboard").is_some()), "no live wallboard line");
    let whole = replay(&["--json", "--from", "asterisk-queue-log", &repo("tests/feeds/asterisk-queue-log/ringall-16.queue_log")]);
    let calls = |v: &[serde_json::Value]| -> Vec<serde_json::Value> { v.iter().filter(|x| x.get("call").is_some()).cloned().collect() };
    let whole: Vec<serde_json::Value> = text(&whole.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(calls(&out), calls(&whole), "following gives the calls of one read");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_readme_shows_what_the_replay_prints() {
    let readme = std::fs::read_to_string(repo("README.md")).unwrap();
    let section = readme.split("## Replay your PBX's feed").nth(1).unwrap();
    let shown = section.split("```text\n").nth(1).unwrap().split("```").next().unwrap();
    let o = replay(&[
        "--from",
        "asterisk-queue-log",
        "--tz",
        "America/Los_Angeles",
        &repo("tests/feeds/asterisk-queue-log/asterisk2slack_queue_log"),
    ]);
    assert_eq!(text(&o.stdout), shown, "README's replay output is stale");
}
