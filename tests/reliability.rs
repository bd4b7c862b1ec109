//! Issue 17 (hardening): one regression test per defect found by the
//! adversarial review, each failing on the code before the fix. Inputs are
//! built here from the shipped `notebooks-data/` files, so the tests read
//! nothing outside the repository.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn cpi_csv() -> PathBuf {
    root().join("notebooks-data/ons_mm23/d7g7_cpi_annual_rate_rel2026-03-25.csv")
}

fn colcrime(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_colcrime"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

/// Exit code, stdout, stderr; a panic fails the test whatever was asked.
fn run(args: &[&str]) -> (i32, String, String) {
    let o = colcrime(args);
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert!(
        !err.contains("panicked") && o.status.code() != Some(101),
        "colcrime {args:?} panicked: {err}"
    );
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).to_string(),
        err,
    )
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(files_under(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// A small workspace on the shipped CPI file: one source, one series, one
/// OLS model and one line chart, with the given names.
fn small_workspace(source: &str, model: &str, chart: &str) -> String {
    let q = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    format!(
        "[workspace]\ntitle = \"t\"\noutput = \"out\"\n\n\
         [sources.{src}]\npath = {path}\n\n\
         [series.cpi]\nsource = {src}\nselect = \"D7G7\"\nfrequency = \"monthly\"\n\n\
         [models.{model}]\nkind = \"ols\"\nfrequency = \"monthly\"\nformula = \"cpi ~ lag(cpi, 1)\"\nno_diagnostics = true\n\n\
         [charts.{chart}]\nkind = \"line\"\nseries = [\"cpi\"]\ntitle = \"x\"\n",
        src = q(source),
        path = q(&cpi_csv().display().to_string()),
        model = q(model),
        chart = q(chart),
    )
}

// ------------------------------------------------------------ 1. names

#[test]
fn names_that_are_paths_are_refused_and_nothing_is_written_outside() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim");
    std::fs::create_dir(&victim).unwrap();
    let v = victim.display().to_string();
    let cases = [
        // (source, model, chart, the table named in the error)
        ("cpi", "../../../../victim/pwned", "c", "models"),
        ("cpi", "m", &format!("{v}/pwned_chart"), "charts"),
        (&format!("../../{v}/src"), "m", "c", "sources"),
        ("cpi", "a/b", "c", "models"),
        ("cpi", "m", "/", "charts"),
        ("cpi", "..", "c", "models"),
    ];
    for (src, model, chart, table) in cases {
        let ws = dir.path().join("ws");
        std::fs::create_dir_all(&ws).unwrap();
        let w = ws.join("workspace.toml");
        std::fs::write(&w, small_workspace(src, model, chart)).unwrap();
        let (code, _, err) = run(&["run", w.to_str().unwrap()]);
        assert_eq!(code, 2, "{src} {model} {chart}: {err}");
        assert!(err.contains(&format!("[{table}.")), "{err}");
        assert!(err.contains("not a valid name"), "{err}");
        // The TOML line of the table's header is named.
        assert!(err.contains("workspace.toml:"), "{err}");
        assert!(
            files_under(&victim).is_empty(),
            "{:?}",
            files_under(&victim)
        );
    }
    assert!(
        files_under(dir.path())
            .iter()
            .all(|p| p.ends_with("workspace.toml"))
    );
}

#[test]
fn refit_update_names_are_identifiers() {
    let dir = tempfile::tempdir().unwrap();
    let w = dir.path().join("workspace.toml");
    std::fs::write(&w, small_workspace("cpi", "m", "c")).unwrap();
    let file = cpi_csv();
    for bad in ["../../x", "/etc/x", "a/b", ".."] {
        let u = format!("{bad}={}", file.display());
        let (code, _, err) = run(&["refit", w.to_str().unwrap(), "--update", &u]);
        assert_eq!(code, 2, "{bad}: {err}");
        assert!(err.contains("not a valid name"), "{err}");
    }
    assert!(!dir.path().join("out").join("releases").exists());
    // The library refuses them as well (a caller that skips the command line).
    let e =
        colcrime::workspace::refit_workspace(&w, None, &[("../x".to_string(), file)], &mut |_| {})
            .unwrap_err();
    assert_eq!(e.exit_code(), 2);
}

#[cfg(unix)]
#[test]
fn symlinked_folders_inside_the_output_are_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim");
    std::fs::create_dir(&victim).unwrap();
    let w = dir.path().join("workspace.toml");
    std::fs::write(&w, small_workspace("cpi", "m", "c")).unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    // The published copies go to out/charts and out/results: both links.
    std::os::unix::fs::symlink(&victim, out.join("charts")).unwrap();
    std::os::unix::fs::symlink(&victim, out.join("results")).unwrap();
    let (code, _, err) = run(&["run", w.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("symbolic link"), "{err}");
    assert!(
        files_under(&victim).is_empty(),
        "{:?}",
        files_under(&victim)
    );
}

// ---------------------------------------------------- 2. data integrity

/// The shipped CPI file with its last line cut `cut` bytes from its end
/// and no final line break.
fn truncated_cpi(dir: &Path, name: &str, keep: impl Fn(&str) -> String) -> PathBuf {
    let text = std::fs::read_to_string(cpi_csv()).unwrap();
    let body = text.trim_end_matches('\n');
    let (head, last) = body.rsplit_once('\n').unwrap();
    let p = dir.join(name);
    std::fs::write(&p, format!("{head}\n{}", keep(last))).unwrap();
    p
}

#[test]
fn an_ons_file_cut_in_its_last_row_is_an_error_and_never_a_release() {
    let dir = tempfile::tempdir().unwrap();
    let after_comma = truncated_cpi(dir.path(), "comma.csv", |l| {
        l.split_once(',').unwrap().0.to_string() + ","
    });
    let after_quote = truncated_cpi(dir.path(), "quote.csv", |l| {
        l.split_once(',').unwrap().0.to_string() + ",\""
    });
    let mid_number = truncated_cpi(dir.path(), "mid.csv", |l| l[..l.len() - 2].to_string());
    for f in [&after_comma, &after_quote, &mid_number] {
        let (code, _, err) = run(&["data", "inspect", f.to_str().unwrap()]);
        assert_eq!(code, 2, "{f:?}: {err}");
        assert!(err.contains("truncated"), "{err}");
    }
    // refit records nothing from a cut file.
    let w = dir.path().join("workspace.toml");
    std::fs::write(&w, small_workspace("cpi", "m", "c")).unwrap();
    let u = format!("cpi={}", after_quote.display());
    let (code, _, err) = run(&["refit", w.to_str().unwrap(), "--update", &u]);
    assert_eq!(code, 2, "{err}");
    let out = dir.path().join("out");
    assert!(!out.join("releases.json").exists());
    assert!(files_under(&out.join("releases")).is_empty());
}

#[test]
fn a_carriage_return_inside_a_field_is_refused_by_every_reader() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("cr.csv");
    std::fs::write(&p, "date,y,x\n2020-01,1,2\n2020-02,2,\r3\n2020-03,3,4\n").unwrap();
    let f = p.to_str().unwrap();
    for args in [
        vec!["data", "inspect", f],
        vec!["fit", "ols", "--data", f, "--formula", "y ~ x"],
        vec!["data", "count", f, "--by", "date"],
    ] {
        let (code, _, err) = run(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains("cr.csv:3:3"), "{args:?}: {err}");
        assert!(err.contains("carriage return"), "{args:?}: {err}");
    }
    // CRLF line ends are line ends, not data.
    std::fs::write(
        &p,
        "date,y,x\r\n2020-01,1,2\r\n2020-02,2,3\r\n2020-03,3,4.5\r\n",
    )
    .unwrap();
    let (code, _, err) = run(&["data", "inspect", f]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_table_cut_in_the_middle_of_its_last_number_is_refused_by_every_reader() {
    let dir = tempfile::tempdir().unwrap();
    // The CPIH table ends without a line break as published; cut it two
    // characters into its last number ("123.742" becomes "12").
    let cpih = root().join("notebooks-data/london_econ/cpih_division_indices_198801-202511.csv");
    let text = std::fs::read_to_string(&cpih).unwrap();
    assert!(text.ends_with(",123.742"));
    let lines = text.lines().count() as u64;
    let p = dir.path().join("cpih_cut.csv");
    std::fs::write(&p, &text[..text.len() - 5]).unwrap();
    let (code, _, err) = run(&["data", "inspect", p.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains(&format!("cpih_cut.csv:{lines}:15")), "{err}");
    assert!(err.contains("cut in the middle of a number"), "{err}");
    // As published it reads.
    let (code, _, err) = run(&["data", "inspect", cpih.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");

    // A --data table cut mid-number, and cut just after its last comma.
    let full =
        "date,y,x\n2020-01,10.25,1.50\n2020-02,11.50,1.75\n2020-03,12.75,2.00\n2020-04,13.00,2.25";
    for (cut, what) in [
        (full.len() - 2, "cut in the middle of a number"),
        (full.len() - 4, "right after a comma"),
    ] {
        let p = dir.path().join("cut.csv");
        std::fs::write(&p, &full[..cut]).unwrap();
        let f = p.to_str().unwrap();
        for args in [
            vec!["fit", "ols", "--data", f, "--formula", "y ~ x"],
            vec!["data", "inspect", f],
        ] {
            let (code, _, err) = run(&args);
            assert_eq!(code, 2, "{args:?}: {err}");
            assert!(err.contains("cut.csv:5:3"), "{args:?}: {err}");
            assert!(err.contains(what), "{args:?}: {err}");
        }
    }
    // Whole, with or without its final line break, it fits.
    for text in [full.to_string(), format!("{full}\n")] {
        let p = dir.path().join("whole.csv");
        std::fs::write(&p, text).unwrap();
        let (code, _, err) = run(&[
            "fit",
            "ols",
            "--data",
            p.to_str().unwrap(),
            "--formula",
            "y ~ x",
        ]);
        assert_eq!(code, 0, "{err}");
    }
}

#[test]
fn rows_with_extra_fields_are_refused_by_the_ons_reader() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(cpi_csv()).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let extra = ",\"1\"".repeat(10_000);
    lines[20].push_str(&extra);
    let p = dir.path().join("extra.csv");
    std::fs::write(&p, lines.join("\n") + "\n").unwrap();
    let (code, _, err) = run(&["data", "inspect", p.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("extra.csv:21:3"), "{err}");
}

#[test]
fn data_inspect_reads_a_quarterly_export_as_quarterly() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("q.csv");
    let mut text = String::from("date,a,b\n");
    for (i, y) in (2015..2020).enumerate() {
        for m in ["01", "04", "07", "10"] {
            text.push_str(&format!("{y}-{m}-01,{i},{}\n", i * 2));
        }
    }
    std::fs::write(&p, text).unwrap();
    let (code, out, err) = run(&["--format", "json", "data", "inspect", p.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let j: serde_json::Value = serde_json::from_str(&out).unwrap();
    for s in j["series"].as_array().unwrap() {
        assert_eq!(s["frequency"], "quarterly", "{s}");
        assert_eq!(s["missing"], 0, "{s}");
        assert_eq!(s["first"], "2015 Q1", "{s}");
    }
}

#[test]
fn out_of_order_monthly_rows_are_not_fitted_as_if_ordered() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("shuffled.csv");
    let mut rows: Vec<String> = (0..60)
        .map(|i| {
            format!(
                "{}-{:02}-01,{}",
                2015 + i / 12,
                i % 12 + 1,
                (i as f64).sin()
            )
        })
        .collect();
    rows.swap(10, 40);
    std::fs::write(&p, format!("date,cpi\n{}\n", rows.join("\n"))).unwrap();
    let (code, _, err) = run(&[
        "fit",
        "sarima",
        "--data",
        p.to_str().unwrap(),
        "--series",
        "cpi",
        "--order",
        "1,0,0",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("shuffled.csv:13:"), "names the line: {err}");
    // data inspect no longer sorts it silently.
    let (code, _, err) = run(&["data", "inspect", p.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("shuffled.csv:13:1") && err.contains("date order"),
        "{err}"
    );
}

// --------------------------------------------- 3. no success with NaN

fn constant_file(dir: &Path) -> PathBuf {
    let p = dir.join("const.csv");
    let mut t = String::from("date,y,x\n");
    for i in 0..120 {
        t.push_str(&format!(
            "{}-{:02}-01,5,{}\n",
            2000 + i / 12,
            i % 12 + 1,
            ((i * 7919) % 101) as f64 / 10.0
        ));
    }
    std::fs::write(&p, t).unwrap();
    p
}

#[test]
fn degenerate_fits_are_exit_2_not_nan_successes() {
    let dir = tempfile::tempdir().unwrap();
    let c = constant_file(dir.path());
    let c = c.to_str().unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![
                "fit",
                "sarima",
                "--data",
                c,
                "--series",
                "y",
                "--order",
                "1,0,1",
                "--horizon",
                "3",
            ],
            "degenerate data",
        ),
        (
            vec!["fit", "ols", "--data", c, "--formula", "y ~ x"],
            "the response y is constant",
        ),
        // Was exit 1, "BFGS did not converge in 0 iterations (largest
        // gradient NaN)": not a convergence failure but degenerate data.
        (
            vec![
                "fit", "sarima", "--data", c, "--series", "y", "--order", "0,1,1",
            ],
            "degenerate data",
        ),
    ];
    for (args, says) in cases {
        let (code, out, err) = run(&[&["--format", "json"], args.as_slice()].concat());
        assert_eq!(code, 2, "{args:?}: {out} {err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

#[test]
fn unit_root_tests_on_extreme_scales_are_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    for (name, scale) in [("tiny.csv", 1e-300), ("huge.csv", 1e300)] {
        let p = dir.path().join(name);
        let mut t = String::from("date,y\n");
        let mut y = 0.0f64;
        for i in 0..120 {
            y += (((i * 7919) % 101) as f64 - 50.0) / 50.0;
            t.push_str(&format!(
                "{}-{:02}-01,{:e}\n",
                2000 + i / 12,
                i % 12 + 1,
                y * scale
            ));
        }
        std::fs::write(&p, t).unwrap();
        for test in ["adf", "kpss"] {
            let (code, out, err) = run(&[
                "--format",
                "json",
                "test",
                test,
                "--data",
                p.to_str().unwrap(),
                "--series",
                "y",
            ]);
            if code == 0 {
                // A finite answer is acceptable; NaN or Infinity is not.
                let j: serde_json::Value = serde_json::from_str(&out).unwrap();
                for k in ["statistic", "pvalue"] {
                    assert!(j[k].is_number(), "{test} {name}: {k} = {}", j[k]);
                }
            } else {
                assert_eq!(code, 2, "{test} {name}: {err}");
            }
        }
    }
}

// ------------------------------------- 4. no panic, bounded resources

#[test]
fn a_70_kb_series_name_does_not_panic_data_inspect() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("long.csv");
    // A long table whose key column holds the name (as the review's case).
    let name = "n".repeat(70_000);
    std::fs::write(
        &p,
        format!("date,kind,v\n2020-01-01,{name},1\n2020-02-01,b,2\n"),
    )
    .unwrap();
    let (code, out, err) = run(&["data", "inspect", p.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("nnn..."), "the table shows a shortened name");
    // A 50 MB number is a parse error, not a panic.
    let p = dir.path().join("bignum.csv");
    std::fs::write(
        &p,
        format!("date,y\n2020-01,{}\n2020-02,2\n", "9".repeat(50_000_000)),
    )
    .unwrap();
    let (code, _, err) = run(&["data", "inspect", p.to_str().unwrap()]);
    assert!(code == 0 || code == 2, "{err}");
}

#[test]
fn absurd_horizons_are_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("m.csv");
    let mut t = String::from("date,y\n");
    for i in 0..60 {
        t.push_str(&format!(
            "{}-{:02}-01,{}\n",
            2015 + i / 12,
            i % 12 + 1,
            (i as f64).sin() + i as f64
        ));
    }
    std::fs::write(&p, t).unwrap();
    let f = p.to_str().unwrap();
    let t0 = Instant::now();
    for args in [
        vec![
            "fit",
            "sarima",
            "--data",
            f,
            "--series",
            "y",
            "--order",
            "1,1,0",
            "--horizon",
            "100000000",
        ],
        vec![
            "fit",
            "ets",
            "--data",
            f,
            "--series",
            "y",
            "--horizon",
            "1001",
        ],
        vec![
            "fit",
            "var",
            "--data",
            f,
            "--series",
            "y,diff(y)",
            "--lags",
            "1",
            "--irf",
            "100000000",
        ],
    ] {
        let (code, _, err) = run(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains("at most 1000"), "{err}");
    }
    assert!(t0.elapsed() < Duration::from_secs(20));
}

#[cfg(unix)]
#[test]
fn dev_zero_fails_fast() {
    let t0 = Instant::now();
    for args in [
        vec!["data", "count", "/dev/zero", "--by", "Month"],
        vec!["fit", "ols", "--data", "/dev/zero", "--formula", "y ~ x"],
        vec!["data", "inspect", "/dev/zero"],
        vec!["run", "/dev/zero"],
    ] {
        let (code, _, err) = run(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains("/dev/zero"), "{err}");
    }
    assert!(t0.elapsed() < Duration::from_secs(30), "{:?}", t0.elapsed());
}

#[test]
fn a_header_of_many_columns_is_read_in_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("wide.csv");
    let n = 100_000;
    let head: Vec<String> = (0..n).map(|i| format!("c{i}")).collect();
    std::fs::write(
        &p,
        format!(
            "date,{}\n2020-01,{}\n",
            head.join(","),
            vec!["1"; n].join(",")
        ),
    )
    .unwrap();
    let t0 = Instant::now();
    // Quadratic duplicate checks took about 4 s for 100,000 columns even
    // in release builds; linear ones take milliseconds.
    let f = colcrime::series::Frame::read_csv(&p).unwrap();
    assert_eq!(f.names().len(), n);
    assert!(t0.elapsed() < Duration::from_secs(15), "{:?}", t0.elapsed());
}

// ----------------------------------------- 5. exit codes and messages

#[test]
fn empty_inputs_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, "").unwrap();
    let (code, _, err) = run(&["data", "count", empty.to_str().unwrap(), "--by", "Month"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("empty"), "{err}");
    for text in ["", "# nothing\n", "[workspace]\ntitle = \"x\"\n"] {
        let w = dir.path().join("workspace.toml");
        std::fs::write(&w, text).unwrap();
        let (code, _, err) = run(&["run", w.to_str().unwrap()]);
        assert_eq!(code, 2, "{text:?}: {err}");
        assert!(err.contains("workspace.toml:1:1"), "{err}");
    }
}

#[test]
fn non_utf8_bytes_are_located_by_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("latin1.csv");
    std::fs::write(
        &p,
        b"date,y,name\n2020-01,1,a\n2020-02,2,caf\xe9\n".as_slice(),
    )
    .unwrap();
    for args in [
        vec!["data", "inspect", p.to_str().unwrap()],
        vec![
            "fit",
            "ols",
            "--data",
            p.to_str().unwrap(),
            "--formula",
            "y ~ 1",
        ],
    ] {
        let (code, _, err) = run(&args);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("latin1.csv:3:3"), "{args:?}: {err}");
    }
    let w = dir.path().join("workspace.toml");
    std::fs::write(&w, b"[workspace]\ntitle = \"caf\xe9\"\n".as_slice()).unwrap();
    let (code, _, err) = run(&["run", w.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("workspace.toml:2:13"), "{err}");
}

#[test]
fn json_snapshots_mixing_frequencies_name_the_observation() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("mixed.json");
    for (second, found) in [("2020-01-02", "2020-01-02"), ("2020Q1", "2020Q1")] {
        std::fs::write(
            &p,
            format!("{{\"cdid\": \"X\",\n \"observations\": [\n  {{\"period\": \"2020-01\", \"value\": 1}},\n  {{\"period\": \"{second}\", \"value\": 2}}\n ]\n}}\n"),
        )
        .unwrap();
        let (code, _, err) = run(&["data", "inspect", p.to_str().unwrap()]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("mixed.json:4:4"), "{err}");
        assert!(
            err.contains("cannot mix frequencies") && err.contains(found),
            "{err}"
        );
    }
}

#[test]
fn xlsx_errors_name_the_sheet_and_its_own_cell() {
    // Damaged copies of the shipped workbook (tests/fixtures/xlsx/make_damaged.py).
    for (file, at, cell) in [
        ("text_in_number_cell.xlsx", "[data]:2:4", "cell D2"),
        ("shifted.xlsx", "[data]:4:5", "cell E4"),
    ] {
        let p = root().join("tests/fixtures/xlsx").join(file);
        let (code, _, err) = run(&["data", "inspect", p.to_str().unwrap()]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains(&format!("{file}{at}")), "{err}");
        assert!(
            err.contains(cell) && err.contains("\"about 125k\""),
            "{err}"
        );
    }
}

#[test]
fn json_observation_errors_name_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("obs.json");
    std::fs::write(
        &p,
        "{\"cdid\": \"X\",\n \"observations\": [\n  {\"period\": \"2020-01\", \"value\": 1},\n  {\"period\": \"2020-02\", \"value\": \"abc\"}\n ]\n}\n",
    )
    .unwrap();
    let (code, _, err) = run(&["data", "inspect", p.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("obs.json:4:4"), "{err}");
}

#[test]
fn an_unregistered_release_left_by_a_killed_refit_is_reused_not_suffixed() {
    use colcrime::workspace::{OutputDir, Registry};
    let dir = tempfile::tempdir().unwrap();
    let out = OutputDir::new(dir.path().join("out"));
    let file = cpi_csv();
    // A refit killed after copying the file, before recording it.
    let name = file.file_name().unwrap().to_str().unwrap();
    out.write(
        format!("releases/cpi/{name}"),
        &std::fs::read(&file).unwrap(),
    )
    .unwrap();
    let mut r = Registry::default();
    let rel = r.record(&out, "cpi", &file, None).unwrap();
    assert_eq!(rel.file, format!("releases/cpi/{name}"));
    assert_eq!(files_under(&dir.path().join("out/releases/cpi")).len(), 1);
}

// ----------------------------------------------------------- 6. lock

#[test]
fn a_stale_lock_file_does_not_block_a_run() {
    let dir = tempfile::tempdir().unwrap();
    let w = dir.path().join("workspace.toml");
    std::fs::write(&w, small_workspace("cpi", "m", "c")).unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    for stale in ["", "garbage\n", "-1\n", "1\n"] {
        std::fs::write(out.join(".colcrime.lock"), stale).unwrap();
        let (code, _, err) = run(&["run", w.to_str().unwrap()]);
        assert_eq!(code, 0, "lock {stale:?}: {err}");
    }
    // Leftover temporaries of a killed run are swept by the next run.
    let runs = out.join("runs");
    let killed = runs.join("19990101T000000Z/charts");
    std::fs::create_dir_all(&killed).unwrap();
    std::fs::write(killed.join(".colcrime-chart-abc.png"), b"x").unwrap();
    std::fs::write(out.join(".colcrime-tmp-abc"), b"x").unwrap();
    let (code, _, err) = run(&["run", w.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let left: Vec<PathBuf> = files_under(&out)
        .into_iter()
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            n.starts_with(".colcrime-chart-") || n.starts_with(".colcrime-tmp-")
        })
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_damaged_manifest_of_the_latest_run_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let w = dir.path().join("workspace.toml");
    std::fs::write(&w, small_workspace("cpi", "m", "c")).unwrap();
    let (code, out, err) = run(&["--format", "json", "run", w.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let j: serde_json::Value = serde_json::from_str(&out).unwrap();
    let first = PathBuf::from(j["run_dir"].as_str().unwrap());
    std::fs::write(first.join("manifest.json"), "{\"complete\": tr").unwrap();
    std::fs::write(first.join("results/m.json"), "not json").unwrap();
    let u = format!("cpi={}", cpi_csv().display());
    let (code, out, err) = run(&[
        "--format",
        "json",
        "refit",
        w.to_str().unwrap(),
        "--update",
        &u,
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning:") && err.contains("manifest.json is damaged"),
        "{err}"
    );
    let j: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(!j["warnings"].as_array().unwrap().is_empty(), "{j}");
}

/// Runs `script` with `sh` in a private mount namespace (`unshare -rm`), so
/// it can mount a small tmpfs without touching the machine; `None` when
/// this machine cannot (no `unshare`, or user namespaces are disabled).
fn in_private_mounts(script: &str) -> Option<Output> {
    let probe = Command::new("unshare")
        .args(["-rm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt 2>/dev/null || mount -t tmpfs -o size=64k tmpfs \"$0\"", "/tmp"])
        .output()
        .ok()?;
    if !probe.status.success() {
        return None;
    }
    Command::new("unshare")
        .args(["-rm", "sh", "-c", script])
        .output()
        .ok()
}

#[test]
fn a_full_disk_is_exit_1_with_the_earlier_run_intact() {
    let dir = tempfile::tempdir().unwrap();
    let mnt = dir.path().join("small-disk");
    std::fs::create_dir(&mnt).unwrap();
    let ws = small_workspace("cpi_file", "m", "c");
    let bin = env!("CARGO_BIN_EXE_colcrime");
    // A 4 MB disk: the first run fits; then the disk is filled, and the
    // second run must fail cleanly and leave the first run whole.
    let script = format!(
        "set -u\n\
         mount -t tmpfs -o size=4m tmpfs '{mnt}' || exit 97\n\
         cd '{mnt}' && cat > workspace.toml <<'WS'\n{ws}WS\n\
         '{bin}' run workspace.toml >/dev/null 2>first.err; echo \"first=$?\"\n\
         ls out/runs | head -1 > /dev/null\n\
         dd if=/dev/zero of=filler bs=64k 2>/dev/null; echo filled\n\
         '{bin}' run workspace.toml >/dev/null 2>'{errs}'; echo \"second=$?\"\n\
         echo \"stderr=$(head -c 600 '{errs}')\"\n\
         '{bin}' run workspace.toml >/dev/full 2>/dev/full; echo \"third=$?\"\n\
         rm filler\n\
         for m in out/runs/*/manifest.json; do python3 -c \"import json,sys; json.load(open(sys.argv[1]))\" \"$m\" && echo \"manifest-ok=$m\"; done\n\
         ls -a out/runs | grep -c '^\\.' | sed 's/^/dot-entries=/'\n",
        mnt = mnt.display(),
        bin = bin,
        errs = dir.path().join("second.err").display(),
    );
    let Some(out) = in_private_mounts(&script) else {
        eprintln!(
            "skipped: this machine cannot mount a private tmpfs (unshare -rm); the disk-full path is covered by src/error.rs and workspace unit tests"
        );
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(text.contains("first=0"), "{text}\n{err}");
    assert!(
        text.contains("second=1"),
        "a full disk is exit 1: {text}\n{err}"
    );
    let stderr_line = text
        .lines()
        .find(|l| l.starts_with("stderr="))
        .unwrap_or("");
    assert!(
        stderr_line.contains("No space left on device")
            || stderr_line.contains("disk is full")
            || stderr_line.contains("full"),
        "{text}"
    );
    assert!(!stderr_line.contains("panicked"), "{text}");
    // With stderr itself on a full device the report is lost, not a panic.
    assert!(text.contains("third=1"), "{text}\n{err}");
    // The first run's manifest is still whole JSON.
    assert!(
        text.lines().any(|l| l.starts_with("manifest-ok=")),
        "{text}\n{err}"
    );
}
