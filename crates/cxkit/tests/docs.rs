//! The repository's docs hold: every code block of README.md and
//! docs/*.md has a language and is checked in it, and every feature ID cited
//! anywhere is defined in docs/features.md (#17 items 5 and 6).
//!
//! Blocks (the grammar of `scripts/doc_snippets.py`): the info string is the
//! language, then words; `no-run` marks a block that is not run as written.
//! Here: `json` blocks parse (`json lines`: one document per line; `json
//! config` / `json config=SECTION[.SUB]` load as a configuration, or as that
//! section of one, through the facade, tenant validated), `toml` blocks parse
//! (`toml config` loads), `sh` blocks name packages, binaries, examples and
//! scripts that exist, and every doc is in `cxkit::repository_docs`, whose
//! `rust` blocks `cargo test` runs as doctests. `python`, `js`, `kotlin` and
//! `swift` blocks are run (checked) by the binding scripts.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use cxkit::{CallCenter, Config};
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// README.md and docs/*.md, relative to the root.
fn doc_files() -> Vec<String> {
    let mut docs: Vec<String> = std::fs::read_dir(root().join("docs"))
        .expect("the docs directory is readable")
        .map(|e| {
            e.expect("a directory entry")
                .file_name()
                .into_string()
                .expect("file names are UTF-8")
        })
        .filter(|n| n.ends_with(".md"))
        .map(|n| format!("docs/{n}"))
        .collect();
    docs.sort();
    docs.insert(0, "README.md".into());
    docs
}

#[derive(Debug)]
struct Block {
    where_: String,
    lang: String,
    words: Vec<String>,
    text: String,
}

impl Block {
    fn runs(&self) -> bool {
        !self.words.iter().any(|w| w == "no-run")
    }
    fn word(&self, key: &str) -> Option<&str> {
        self.words.iter().find_map(|w| {
            if w == key {
                Some("")
            } else {
                w.strip_prefix(key).and_then(|r| r.strip_prefix('='))
            }
        })
    }
}

/// The fenced blocks of one markdown file (``` or ~~~, any indentation; the
/// fence's indentation is removed from the body).
fn blocks_of(rel: &str) -> Vec<Block> {
    let text = read(&root().join(rel));
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let fence_char = trimmed.chars().next();
        let fence_len = trimmed
            .chars()
            .take_while(|&c| Some(c) == fence_char)
            .count();
        if !matches!(fence_char, Some('`' | '~')) || fence_len < 3 {
            i += 1;
            continue;
        }
        let info = trimmed[fence_len..].trim();
        let mut j = i + 1;
        while j < lines.len() {
            let t = lines[j].trim();
            if t.len() >= fence_len && t.chars().all(|c| Some(c) == fence_char) {
                break;
            }
            j += 1;
        }
        assert!(j < lines.len(), "{rel}:{}: code block never closed", i + 1);
        let body: Vec<&str> = lines[i + 1..j]
            .iter()
            .map(|l| {
                if l.len() >= indent && l[..indent].trim().is_empty() {
                    &l[indent..]
                } else {
                    l
                }
            })
            .collect();
        let mut words = info.split_whitespace().map(String::from);
        out.push(Block {
            where_: format!("{rel}:{}", i + 1),
            lang: words.next().unwrap_or_default(),
            words: words.collect(),
            text: body.join("\n") + "\n",
        });
        i = j + 1;
    }
    out
}

fn all_blocks() -> Vec<Block> {
    doc_files().iter().flat_map(|f| blocks_of(f)).collect()
}

/// Languages and who checks them.
const LANGUAGES: &[(&str, &str)] = &[
    ("rust", "doctests of cxkit::repository_docs (cargo test)"),
    ("json", "this test"),
    ("toml", "this test"),
    ("sh", "this test (names only)"),
    (
        "python",
        "bindings/python/tests/test_docs.py (scripts/test-python.sh)",
    ),
    ("js", "scripts/test-node.sh"),
    ("mjs", "scripts/test-node.sh"),
    ("kotlin", "scripts/test-uniffi.sh (JUnit, consumer project)"),
    (
        "swift",
        "scripts/test-uniffi.sh (names against the generated Swift)",
    ),
    ("text", "nobody: output, listings, diagrams"),
    ("mermaid", "nobody: diagrams"),
];

#[test]
fn every_block_has_a_language_someone_checks() {
    let known: BTreeSet<&str> = LANGUAGES.iter().map(|(l, _)| *l).collect();
    let blocks = all_blocks();
    let bad: Vec<String> = blocks
        .iter()
        .filter(|b| !known.contains(b.lang.as_str()))
        .map(|b| {
            format!(
                "{}: language {:?} (one of {known:?}; `text` for output)",
                b.where_, b.lang
            )
        })
        .collect();
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for b in &blocks {
        let c = counts.entry(b.lang.as_str()).or_default();
        if b.runs() { c.0 += 1 } else { c.1 += 1 }
    }
    for (lang, (run, skipped)) in counts {
        let by = LANGUAGES
            .iter()
            .find(|(l, _)| *l == lang)
            .expect("checked above: a known language")
            .1;
        println!("doc blocks ({lang}): {run} checked, {skipped} skipped (no-run) — {by}");
    }
}

/// `{"a": {"b": value}}` for `a.b`.
fn wrap(section: &str, value: Value) -> Value {
    section
        .rsplit('.')
        .fold(value, |v, key| serde_json::json!({ key: v }))
}

/// A configuration loads and every facade object accepts it (the load-time
/// checks of each area: tenant, templates, monitor, escalation …).
fn load(b: &Block, config: Result<Config, cxkit::Error>) {
    let c =
        config.unwrap_or_else(|e| panic!("{}: not a configuration: {} {e}", b.where_, e.code()));
    let built = [
        CallCenter::new(&c).map(drop),
        cxkit::Monitor::new(&c).map(drop),
        cxkit::Tickets::new(&c).map(drop),
        cxkit::Templates::new(&c).map(drop),
        cxkit::Escalation::new(&c.escalation).map(drop),
        cxkit::CallRules::new(&c).map(drop),
    ];
    for result in built {
        if let Err(e) = result {
            panic!(
                "{}: the configuration does not validate: {} {e}",
                b.where_,
                e.code()
            );
        }
    }
}

#[test]
fn json_and_toml_blocks_parse_and_configurations_load() {
    let mut checked = 0;
    for b in all_blocks().iter().filter(|b| b.runs()) {
        match b.lang.as_str() {
            "json" => {
                let docs: Vec<&str> = if b.word("lines").is_some() {
                    b.text.lines().filter(|l| !l.trim().is_empty()).collect()
                } else {
                    vec![b.text.as_str()]
                };
                for doc in docs {
                    let value: Value = serde_json::from_str(doc).unwrap_or_else(|e| {
                        panic!(
                            "{}: not JSON ({e}); mark a fragment `json no-run`",
                            b.where_
                        )
                    });
                    match b.word("config") {
                        Some("") => load(b, Config::from_json_str(doc)),
                        Some(section) => load(b, Config::from_json_value(wrap(section, value))),
                        None => {}
                    }
                }
            }
            "toml" => {
                let _: toml::Table = toml::from_str(&b.text).unwrap_or_else(|e| {
                    panic!(
                        "{}: not TOML ({e}); mark a fragment `toml no-run`",
                        b.where_
                    )
                });
                if b.word("config").is_some() {
                    load(b, Config::from_toml_str(&b.text));
                }
            }
            _ => continue,
        }
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} json/toml blocks checked");
}

/// The packages of the workspace with their binaries and examples.
fn workspace_targets() -> BTreeMap<String, BTreeSet<(String, String)>> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = std::process::Command::new(cargo)
        .args([
            "metadata",
            "--no-deps",
            "--format-version",
            "1",
            "--offline",
        ])
        .current_dir(root())
        .output()
        .expect("cargo metadata");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: Value =
        serde_json::from_slice(&out.stdout).expect("cargo metadata's documented format");
    let mut packages = BTreeMap::new();
    for p in meta["packages"]
        .as_array()
        .expect("cargo metadata's documented format")
    {
        let mut targets = BTreeSet::new();
        for t in p["targets"]
            .as_array()
            .expect("cargo metadata's documented format")
        {
            for kind in t["kind"]
                .as_array()
                .expect("cargo metadata's documented format")
            {
                targets.insert((
                    kind.as_str()
                        .expect("cargo metadata's documented format")
                        .to_owned(),
                    t["name"]
                        .as_str()
                        .expect("cargo metadata's documented format")
                        .to_owned(),
                ));
            }
        }
        packages.insert(
            p["name"]
                .as_str()
                .expect("cargo metadata's documented format")
                .to_owned(),
            targets,
        );
    }
    packages
}

#[test]
fn sh_blocks_name_what_exists() {
    let packages = workspace_targets();
    let mut problems = Vec::new();
    let mut named = 0;
    for b in all_blocks().iter().filter(|b| b.lang == "sh" && b.runs()) {
        // One logical line per command: join `\` continuations, drop comments.
        let joined = b.text.replace("\\\n", " ");
        for line in joined.lines() {
            let line = line.split(" #").next().unwrap_or("");
            for command in line.split("&&") {
                // `VAR=value cargo …`: the command starts after the assignments.
                let words: Vec<&str> = command
                    .split_whitespace()
                    .skip_while(|w| w.contains('=') && !w.starts_with('-'))
                    .collect();
                let arg = |flag: &str| {
                    words
                        .iter()
                        .position(|w| *w == flag)
                        .and_then(|i| words.get(i + 1))
                        .copied()
                };
                if words.first() == Some(&"cargo")
                    && words
                        .iter()
                        .take_while(|w| **w != "--")
                        .any(|w| matches!(*w, "run" | "build" | "test" | "bench"))
                {
                    let Some(package) = arg("-p").or(arg("--package")) else {
                        continue;
                    };
                    named += 1;
                    let Some(targets) = packages.get(package) else {
                        problems.push(format!(
                            "{}: no package {package} in the workspace",
                            b.where_
                        ));
                        continue;
                    };
                    for (flag, kind) in [("--bin", "bin"), ("--example", "example")] {
                        if let Some(name) = arg(flag) {
                            named += 1;
                            if !targets.contains(&(kind.to_owned(), name.to_owned())) {
                                problems.push(format!(
                                    "{}: package {package} has no {kind} {name}",
                                    b.where_
                                ));
                            }
                        }
                    }
                }
                if matches!(
                    words.first(),
                    Some(&"bash") | Some(&"node") | Some(&"python")
                ) && let Some(file) = words
                    .get(1)
                    .filter(|w| w.starts_with("scripts/") || w.starts_with("examples/"))
                {
                    named += 1;
                    if !root().join(file).is_file() {
                        problems.push(format!("{}: no file {file}", b.where_));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(named >= 8, "only {named} names checked in sh blocks");
}

#[test]
fn every_doc_is_a_doctest_module() {
    let lib = read(&root().join("crates/cxkit/src/lib.rs"));
    for doc in doc_files() {
        let include = format!("\"../../../{doc}\"");
        assert!(
            lib.contains(&include),
            "crates/cxkit/src/lib.rs (repository_docs) does not include {doc}"
        );
    }
}

// --- feature IDs ----------------------------------------------------------

/// Two to four capital letters and one or two digits, as a whole word.
fn ids_in(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let bytes = line.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let word_start =
                i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
            let letters = bytes[i..]
                .iter()
                .take_while(|c| c.is_ascii_uppercase())
                .count();
            if !word_start || letters == 0 {
                i += 1;
                continue;
            }
            let digits = bytes[i + letters..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            let end = i + letters + digits;
            let word_end =
                end == bytes.len() || !(bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_');
            if (2..=4).contains(&letters) && (1..=2).contains(&digits) && word_end {
                out.push((n + 1, line[i..end].to_owned()));
            }
            i += letters.max(1);
        }
    }
    out
}

/// features.md: the IDs its tables define (first cell `| WM1 |`) with the
/// docs they link to, and the tokens it lists as not IDs.
fn features() -> (BTreeMap<String, Vec<String>>, BTreeSet<String>) {
    let text = read(&root().join("docs/features.md"));
    let (ids_part, not_ids_part) = text
        .split_once("## Names that look like IDs but are not")
        .expect("features.md lists the non-IDs");
    let mut defined = BTreeMap::new();
    for line in ids_part.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() >= 4 && !ids_in(cells[1]).is_empty() && ids_in(cells[1])[0].1 == cells[1] {
            let links: Vec<String> = cells[cells.len() - 2]
                .split("](")
                .skip(1)
                .map(|s| {
                    s.split(')')
                        .next()
                        .expect("split always yields one part")
                        .to_owned()
                })
                .collect();
            assert!(
                defined.insert(cells[1].to_owned(), links).is_none(),
                "features.md defines {} twice",
                cells[1]
            );
        }
    }
    let not_ids = not_ids_part
        .split('`')
        .skip(1)
        .step_by(2)
        .map(String::from)
        .collect();
    (defined, not_ids)
}

/// Files that may cite IDs: docs, READMEs, the changelog, and source, test,
/// script and vector files; not data (corpora, recorded PBX feeds) or
/// build output.
fn citing_files() -> Vec<PathBuf> {
    const EXTS: &[&str] = &[
        "md", "rs", "py", "pyi", "js", "mjs", "cjs", "ts", "kt", "swift", "sh", "toml", "json",
        "xml", "yml",
    ];
    const SKIP: &[&str] = &[
        "target",
        "node_modules",
        ".venv",
        ".git",
        "data",
        "feeds",
        "dist",
        "Sources",
    ];
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).expect("the docs directory is readable") {
            let e = e.expect("a directory entry");
            let path = e.path();
            let name = e.file_name().into_string().expect("file names are UTF-8");
            if e.file_type()
                .expect("a directory entry has a type")
                .is_dir()
            {
                if !SKIP.contains(&name.as_str()) {
                    walk(&path, out);
                }
            } else if path
                .extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| EXTS.contains(&x))
            {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    for top in [
        "docs", "crates", "bindings", "examples", "tests", "scripts", "fuzz", "tools",
    ] {
        walk(&root().join(top), &mut out);
    }
    for f in ["README.md", "CHANGELOG.md"] {
        out.push(root().join(f));
    }
    out.sort();
    out
}

#[test]
fn every_cited_feature_id_is_defined_in_features_md() {
    let (defined, not_ids) = features();
    assert!(defined.len() >= 30, "features.md defines only {defined:?}");
    let mut undefined = Vec::new();
    let mut cited = BTreeSet::new();
    for path in citing_files() {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        for (line, id) in ids_in(&text) {
            if defined.contains_key(&id) {
                cited.insert(id);
            } else if !not_ids.contains(&id) {
                undefined.push(format!(
                    "{}:{line}: {id}",
                    path.strip_prefix(root()).unwrap_or(&path).display()
                ));
            }
        }
    }
    assert!(
        undefined.is_empty(),
        "cited but not defined in docs/features.md (define them, or list a token that is not an ID under its last heading):\n{}",
        undefined.join("\n")
    );
    let uncited: Vec<&String> = defined.keys().filter(|id| !cited.contains(*id)).collect();
    assert!(
        uncited.is_empty(),
        "features.md defines IDs nothing cites: {uncited:?}"
    );
}

#[test]
fn every_feature_links_to_a_doc_that_covers_it() {
    let (defined, _) = features();
    for (id, links) in &defined {
        assert!(!links.is_empty(), "features.md: {id} links to no doc");
        for link in links {
            let doc = read(&root().join("docs").join(link));
            assert!(
                ids_in(&doc).iter().any(|(_, x)| x == id),
                "features.md sends {id} to {link}, which does not mention it"
            );
        }
    }
}

#[test]
fn docs_point_to_features_md_where_they_first_cite_an_id() {
    let (defined, _) = features();
    let mut problems = Vec::new();
    for doc in doc_files().iter().filter(|d| *d != "docs/features.md") {
        let text = read(&root().join(doc));
        let Some((first, id)) = ids_in(&text)
            .into_iter()
            .find(|(_, id)| defined.contains_key(id))
        else {
            continue;
        };
        let link = text
            .lines()
            .position(|l| l.contains("features.md"))
            .map(|i| i + 1);
        // The link may close the paragraph that first cites an ID, or the
        // paragraph under a heading that cites one.
        let lines: Vec<&str> = text.lines().collect();
        let end_of_paragraph = |from: usize| {
            (from..lines.len())
                .find(|&i| lines[i].trim().is_empty())
                .unwrap_or(lines.len())
        };
        let mut paragraph_end = end_of_paragraph(first - 1);
        if lines[first - 1].starts_with('#') {
            paragraph_end = end_of_paragraph(paragraph_end + 1);
        }
        if link.is_none_or(|l| l > paragraph_end) {
            problems.push(format!("{doc}:{first}: first cites {id}, with no link to features.md in that paragraph or before"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// --- channel names --------------------------------------------------------

#[test]
fn the_channel_table_of_configuration_md_is_the_code_s() {
    use cxkit::core::Channel;
    let text = read(&root().join("docs/configuration.md"));
    let (_, table) = text
        .split_once("<!-- channels -->")
        .expect("configuration.md has the channel table");
    let rows: Vec<Vec<&str>> = table
        .lines()
        .skip(3) // the marker's line end, header, rule
        .take_while(|l| l.starts_with('|'))
        .map(|l| l.split('|').map(str::trim).collect())
        .collect();
    let names: Vec<&str> = rows.iter().map(|r| r[1].trim_matches('`')).collect();
    let code: Vec<&str> = Channel::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(
        names, code,
        "configuration.md's channel names are not Channel::ALL"
    );
    let switches = cxkit::escalation_rules::ChannelSwitches::default();
    for (row, channel) in rows.iter().zip(Channel::ALL) {
        let yes = |cell: &str| match cell {
            "yes" => true,
            "no" => false,
            other => panic!("configuration.md, channel {channel}: {other:?} is not yes/no"),
        };
        assert_eq!(
            yes(row[3]),
            switches.switch(channel).is_some(),
            "RB1 switch of {channel}"
        );
        let mut config = Config::example().expect("the example configuration is valid");
        config.templates.channel_instances =
            serde_json::from_value(serde_json::json!([{"channel": channel, "id": "x"}]))
                .expect("a channel binding");
        let binds = cxkit::Templates::new(&config);
        assert_eq!(
            yes(row[4]),
            binds.is_ok(),
            "templates of {channel}: {:?}",
            binds.err()
        );
    }
}
