//! A mutation fuzzer over the shipped real files (issue 17, item 8).
//!
//! Each case takes one file of `notebooks-data/` (the first lines of the
//! large ones), applies one to three seeded mutations (truncation at a
//! random offset, byte flips, deleted and duplicated lines, swapped
//! columns, non-UTF-8 bytes, carriage returns and quotes, huge numbers and
//! huge names) and drives every reader through the library:
//! [`sources::read_bytes`] (format detection and every format's reader),
//! the `--data` frame reader (as a time series and as a long panel), a
//! regression and a SARIMA on the frame it gives, the streaming counter
//! behind `data count`, and the workspace parser; every 50th case also
//! runs `colcrime data inspect` and `colcrime fit ols` through the binary.
//! The oracle: no panic, no case slower than [`SLOW`], and every error a
//! reader gives about a file's content names its line (and the binary
//! never exits 101).
//!
//! `COLCRIME_FUZZ_CASES=N` runs N cases (default [`DEFAULT_CASES`], well
//! under a minute in a debug build); `COLCRIME_FUZZ_SEED=S` changes the
//! seed. A failing case is written to `target/fuzz-failures/`; the cases
//! that found bugs are kept in `tests/fuzz-corpus/` and replayed first on
//! every run.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use colcrime::error::{Error, ErrorKind};
use colcrime::kinds::{KindOptions, ModelData};
use colcrime::series::Frame;
use colcrime::series::frame::ReadOptions;
use colcrime::sources;
use colcrime::stats::rng::{Flavour, Rng};

/// Cases run by default (CI).
const DEFAULT_CASES: usize = 4000;

/// The longest any one case may take.
const SLOW: Duration = Duration::from_secs(10);

/// Seed files and how many of their lines to keep (0: all).
const SEEDS: &[(&str, usize)] = &[
    ("ons_mm23/d7g7_cpi_annual_rate_rel2026-03-25.csv", 0),
    ("ons_mm23/d7bt_cpi_index_rel2024-02-14.csv", 0),
    (
        "ons_labour_market/kab9_awe_total_pay_level_rel2022-06-14.csv",
        0,
    ),
    ("ons_vintage_json_policyengine/uk_cpi_yoy.json", 0),
    ("ons_vintage_json_policyengine/uk_unemployment_rate.json", 0),
    ("london_econ/boe_bank_rate_history.csv", 0),
    (
        "london_econ/nomis_model_unemployment_rate_london_boroughs_2004-2024.csv",
        0,
    ),
    ("london_econ/ashe_weekly_pay_by_borough_2002-2024.csv", 0),
    ("london_econ/cpih_division_indices_198801-202511.csv", 120),
    (
        "met_police_borough/MPS_Borough_Level_Crime_recent24m_202312-202511.csv",
        60,
    ),
    (
        "met_police_borough/MPS_Borough_Level_Crime_recent24m_oldclass_201701-201812.csv",
        60,
    ),
    (
        "police_uk_street/city_of_london_all_crime/2022-01-city-of-london-street.csv",
        150,
    ),
    ("police_recorded_crime_ew/rec-crime-pfa_2003-2018.csv", 150),
    (
        "research_linked/elliottkte_london_crime_food_inflation/monthly_totals.csv",
        0,
    ),
    (
        "research_linked/elliottkte_london_crime_food_inflation/monthly_by_crime.csv",
        80,
    ),
    ("london_econ/london_borough_population_1801-2021.xlsx", 0),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn env_usize(k: &str, default: usize) -> usize {
    std::env::var(k)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The seed files' bytes, large ones cut to their first lines.
fn seeds() -> Vec<(String, Vec<u8>)> {
    SEEDS
        .iter()
        .map(|(rel, keep)| {
            let bytes = std::fs::read(root().join("notebooks-data").join(rel)).unwrap();
            let bytes = if *keep == 0 {
                bytes
            } else {
                let mut out = Vec::new();
                for line in bytes.split_inclusive(|&b| b == b'\n').take(*keep) {
                    out.extend_from_slice(line);
                }
                out
            };
            (rel.rsplit('/').next().unwrap().to_string(), bytes)
        })
        .collect()
}

fn below(rng: &mut Rng, n: usize) -> usize {
    if n == 0 {
        0
    } else {
        (rng.next_u64() % n as u64) as usize
    }
}

/// Byte ranges of the lines of `b` (with their line ends).
fn lines(b: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut s = 0;
    for (i, &c) in b.iter().enumerate() {
        if c == b'\n' {
            out.push((s, i + 1));
            s = i + 1;
        }
    }
    if s < b.len() {
        out.push((s, b.len()));
    }
    out
}

/// One mutation of `b`; returns its name.
fn mutate(rng: &mut Rng, b: &mut Vec<u8>) -> &'static str {
    let ls = lines(b);
    match below(rng, 12) {
        0 => {
            b.truncate(below(rng, b.len() + 1));
            "truncate"
        }
        1 => {
            for _ in 0..1 + below(rng, 8) {
                let i = below(rng, b.len());
                if let Some(x) = b.get_mut(i) {
                    *x ^= 1 << below(rng, 8);
                }
            }
            "flip"
        }
        2 if !ls.is_empty() => {
            let (s, e) = ls[below(rng, ls.len())];
            b.drain(s..e);
            "delete-line"
        }
        3 if !ls.is_empty() => {
            let (s, e) = ls[below(rng, ls.len())];
            let line = b[s..e].to_vec();
            let at = ls[below(rng, ls.len())].0;
            b.splice(at..at, line);
            "duplicate-line"
        }
        4 => {
            // Swap two comma-separated columns on every line.
            let (i, j) = (below(rng, 6), below(rng, 6));
            let text = String::from_utf8_lossy(b).into_owned();
            let out: Vec<String> = text
                .split('\n')
                .map(|l| {
                    let mut f: Vec<&str> = l.split(',').collect();
                    if i < f.len() && j < f.len() {
                        f.swap(i, j);
                    }
                    f.join(",")
                })
                .collect();
            *b = out.join("\n").into_bytes();
            "swap-columns"
        }
        5 => {
            let at = below(rng, b.len() + 1);
            let junk: &[u8] = [
                b"\xff".as_slice(),
                b"\xc3",
                b"\xe2\x82",
                b"\x00",
                b"\xed\xa0\x80",
            ][below(rng, 5)];
            b.splice(at..at, junk.iter().copied());
            "non-utf8"
        }
        6 => {
            let at = below(rng, b.len() + 1);
            let c: &[u8] = [b"\r".as_slice(), b"\"", b",", b"\n", b"\r\n", b"\"\""][below(rng, 6)];
            b.splice(at..at, c.iter().copied());
            "insert-separator"
        }
        7 => {
            // A huge number in place of some digits.
            let digits: Vec<usize> = (0..b.len()).filter(|&i| b[i].is_ascii_digit()).collect();
            let at = digits.get(below(rng, digits.len())).copied().unwrap_or(0);
            let huge = [
                "9".repeat(100_000),
                "1e999".into(),
                "-1e-999".into(),
                "NaN".into(),
                "inf".into(),
            ][below(rng, 5)]
            .clone();
            b.splice(at..at, huge.into_bytes());
            "huge-number"
        }
        8 => {
            // A huge name at the start of the header.
            let name = "n".repeat([70_000, 300, 66_000][below(rng, 3)]);
            b.splice(0..0, format!("{name},").into_bytes());
            "huge-name"
        }
        9 if !ls.is_empty() => {
            // Many extra fields on one line.
            let (_, e) = ls[below(rng, ls.len())];
            let at = if b.get(e.wrapping_sub(1)) == Some(&b'\n') {
                e - 1
            } else {
                e
            };
            b.splice(at..at, ",1".repeat(1 + below(rng, 2000)).into_bytes());
            "extra-fields"
        }
        10 if ls.len() > 2 => {
            // Shuffle two data lines (order of periods).
            let (a, c) = (1 + below(rng, ls.len() - 1), 1 + below(rng, ls.len() - 1));
            let mut v: Vec<Vec<u8>> = ls.iter().map(|&(s, e)| b[s..e].to_vec()).collect();
            v.swap(a, c);
            *b = v.concat();
            "swap-lines"
        }
        _ => {
            let at = below(rng, b.len() + 1);
            b.truncate(at);
            b.extend_from_slice(b",");
            "truncate-after-comma"
        }
    }
}

/// Whether an error about a file's content is located: a parse or format
/// error names a line, except those about the file as a whole.
fn located(e: &Error) -> bool {
    match e.kind() {
        ErrorKind::Parse { loc, .. } | ErrorKind::Format { loc, .. } => {
            let m = e.to_string();
            loc.line.is_some()
                || [
                    "unrecognised content",
                    "the file is empty",
                    "not a readable xlsx workbook",
                    "workbook has no sheet",
                    "sheet \"data\"",
                    "no series",
                    "has neither a",
                    "is not an array",
                ]
                .iter()
                .any(|w| m.contains(w))
        }
        _ => true,
    }
}

/// Outcomes counted, to show the drivers reach the code behind them:
/// [datasets read, datasets refused, frames read, fits run, fits refused].
static TALLY: [AtomicUsize; 5] = [const { AtomicUsize::new(0) }; 5];

fn tally(i: usize) {
    TALLY[i].fetch_add(1, Ordering::Relaxed);
}

/// What went wrong in one case.
#[derive(Debug)]
struct Failure {
    case: String,
    what: String,
}

/// Runs every library driver on `bytes` (written to `file` for the
/// drivers that read files); returns the problems found.
fn drive(name: &str, bytes: &[u8], file: &Path) -> Vec<String> {
    let mut bad = Vec::new();
    let mut check = |what: &str, r: std::thread::Result<Option<Error>>| match r {
        Err(p) => {
            let msg = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            bad.push(format!("{what}: panic: {msg}"));
        }
        Ok(Some(e)) if !located(&e) => bad.push(format!("{what}: error without a line: {e}")),
        Ok(_) => {}
    };
    check(
        "sources::read_bytes",
        catch_unwind(|| {
            let r = sources::read_bytes(name, bytes).err();
            tally(usize::from(r.is_some()));
            r
        }),
    );
    if std::fs::write(file, bytes).is_err() {
        return vec!["could not write the case".into()];
    }
    check("sources::read", catch_unwind(|| sources::read(file).err()));
    check(
        "count",
        catch_unwind(|| {
            let by = ["Month".to_string()];
            sources::count::count(&[file.to_path_buf()], &by, &[]).err()
        }),
    );
    for options in [ReadOptions::time_series(), ReadOptions::long_panel()] {
        let r = catch_unwind(|| match Frame::read_csv_with(file, options) {
            Err(e) => Some(e),
            Ok(f) => {
                tally(2);
                // Whatever reads, fit: a regression of the first numeric
                // column on the second, and a SARIMA of the first.
                let names: Vec<String> = f.names().iter().map(|s| s.to_string()).collect();
                if let [y, x, ..] = names.as_slice() {
                    let fits = [
                        (
                            "ols",
                            format!("formula = \"`{y}` ~ `{x}`\"\nno_diagnostics = true"),
                        ),
                        (
                            "sarima",
                            format!("series = \"`{y}`\"\norder = [1, 0, 0]\nhorizon = 3"),
                        ),
                    ];
                    for (kind, table) in fits {
                        let t: toml::Table = match toml::from_str(&table) {
                            Ok(t) => t,
                            Err(_) => continue,
                        };
                        if let (Ok(k), Ok(md)) = (
                            KindOptions::from_table(kind, t),
                            ModelData::new(&f, 0..f.nrows()),
                        ) {
                            if kind == "sarima"
                                && (f.require_time_series("fuzz").is_err() || f.nrows() > 400)
                            {
                                continue;
                            }
                            // Model errors (too short, singular) need no line.
                            tally(if k.fit(&md).is_ok() { 3 } else { 4 });
                        }
                    }
                }
                None
            }
        });
        check("Frame::read_csv_with", r);
    }
    bad
}

fn workspace_case(rng: &mut Rng, text: &[u8]) -> Vec<String> {
    let mut b = text.to_vec();
    let m = mutate(rng, &mut b);
    let mut bad = Vec::new();
    let r = catch_unwind(AssertUnwindSafe(|| {
        let t = String::from_utf8_lossy(&b);
        colcrime::workspace::WorkspaceSpec::from_toml_str("workspace.toml", &t).err()
    }));
    match r {
        Err(_) => bad.push(format!("workspace ({m}): panic")),
        Ok(Some(e)) => {
            if let ErrorKind::Format { loc, .. } = e.kind() {
                // Syntax errors carry a line; semantic ones may name only
                // the table.
                let m = e.to_string();
                if loc.line.is_none() && !m.contains('[') {
                    bad.push(format!(
                        "workspace ({m}): error without a line or table: {e}"
                    ));
                }
            }
        }
        Ok(None) => {}
    }
    bad
}

/// Runs the binary on a case file; a panic or a kill is a failure.
fn binary_case(file: &Path) -> Vec<String> {
    let f = file.to_str().unwrap_or_default();
    let mut bad = Vec::new();
    for args in [
        vec!["data", "inspect", f],
        vec!["fit", "ols", "--data", f, "--formula", "y ~ x"],
    ] {
        let t0 = Instant::now();
        let o = Command::new(env!("CARGO_BIN_EXE_colcrime"))
            .args(&args)
            .output();
        match o {
            Ok(o) => {
                let err = String::from_utf8_lossy(&o.stderr);
                if o.status.code().is_none_or(|c| c == 101) || err.contains("panicked") {
                    bad.push(format!("binary {args:?}: {:?} {err}", o.status.code()));
                }
            }
            Err(e) => bad.push(format!("binary {args:?}: {e}")),
        }
        if t0.elapsed() > SLOW {
            bad.push(format!("binary {args:?}: took {:?}", t0.elapsed()));
        }
    }
    bad
}

#[test]
fn mutated_real_files_never_panic_hang_or_lose_their_location() {
    // Panics are caught per case and reported together; keep their
    // messages off the test's output.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let cases = env_usize("COLCRIME_FUZZ_CASES", DEFAULT_CASES);
    let seed = env_usize("COLCRIME_FUZZ_SEED", 17) as u64;
    let seeds = seeds();
    let ws = std::fs::read(root().join("notebooks-data/workspace.toml")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut failures: Vec<Failure> = Vec::new();
    let t_all = Instant::now();

    // The corpus of cases that found bugs, first.
    let corpus = root().join("tests/fuzz-corpus");
    let mut replay: Vec<(String, Vec<u8>)> = std::fs::read_dir(&corpus)
        .map(|rd| {
            rd.flatten()
                .filter(|e| e.path().is_file())
                .filter(|e| e.path().extension().is_none_or(|x| x != "md"))
                .map(|e| {
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        std::fs::read(e.path()).unwrap(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    replay.sort();
    for (name, bytes) in &replay {
        let file = dir.path().join(name);
        let t0 = Instant::now();
        let mut bad = drive(name, bytes, &file);
        bad.extend(binary_case(&file));
        if t0.elapsed() > SLOW {
            bad.push(format!("took {:?}", t0.elapsed()));
        }
        failures.extend(bad.into_iter().map(|what| Failure {
            case: format!("corpus/{name}"),
            what,
        }));
    }

    let mut rng = Rng::new(seed, 0, Flavour::StarStarPolar);
    for i in 0..cases {
        if i % 10 == 9 {
            for what in workspace_case(&mut rng, &ws) {
                failures.push(Failure {
                    case: format!("case {i} (workspace.toml)"),
                    what,
                });
            }
            continue;
        }
        let (name, base) = &seeds[below(&mut rng, seeds.len())];
        let mut bytes = base.clone();
        let mut applied = Vec::new();
        for _ in 0..1 + below(&mut rng, 3) {
            applied.push(mutate(&mut rng, &mut bytes));
        }
        let ext = name.rsplit('.').next().unwrap_or("csv");
        let file = dir.path().join(format!("case{i}.{ext}"));
        let t0 = Instant::now();
        let mut bad = drive(name, &bytes, &file);
        if i % 50 == 0 {
            bad.extend(binary_case(&file));
        }
        if t0.elapsed() > SLOW {
            bad.push(format!("took {:?}", t0.elapsed()));
        }
        if !bad.is_empty() {
            let keep = root().join("target/fuzz-failures");
            let _ = std::fs::create_dir_all(&keep);
            let _ = std::fs::write(keep.join(format!("case{i}-{name}")), &bytes);
            for what in bad {
                failures.push(Failure {
                    case: format!("case {i} ({name}; {})", applied.join(", ")),
                    what,
                });
            }
        }
    }
    std::panic::set_hook(hook);
    let t: Vec<usize> = TALLY.iter().map(|a| a.load(Ordering::Relaxed)).collect();
    eprintln!(
        "fuzz: {} corpus files and {cases} cases (seed {seed}) in {:.1} s, {} failures; \
         datasets read {} / refused {}, frames read {}, fits {} / refused {}",
        replay.len(),
        t_all.elapsed().as_secs_f64(),
        failures.len(),
        t[0],
        t[1],
        t[2],
        t[3],
        t[4]
    );
    let shown: Vec<String> = failures
        .iter()
        .take(40)
        .map(|f| {
            format!(
                "{}: {}",
                f.case,
                f.what.chars().take(300).collect::<String>()
            )
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        shown.join("\n")
    );
}
