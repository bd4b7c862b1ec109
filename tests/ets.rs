//! ETS and Holt-Winters against statsmodels 0.15 `ETSModel` and
//! `ExponentialSmoothing` (tests/reference/ets; see SOURCE.md there).
//!
//! Every case directory holds `input.csv` (`date,y`) and `expected.json`.

mod common;

use colcrime::models::ets::{
    ErrorType, EtsParams, HoltWintersParams, IntervalMethod, SeasonalType, TrendType, select_ets,
};
use colcrime::series::Frame;
use common::{REL_CLOSED, REL_OPTIMUM, assert_close, f64s};
use serde_json::Value;

/// Closed-form evaluation at fixed parameters.
const REL_FIXED: f64 = REL_CLOSED;

fn dir() -> std::path::PathBuf {
    common::reference_dir("ets")
}

fn cases() -> Vec<(String, Vec<f64>, Value)> {
    common::cases("ets", 3)
        .into_iter()
        .map(|c| {
            let y = c.input().column("y").unwrap().to_vec();
            (
                c.expected["name"].as_str().unwrap().to_string(),
                y,
                c.expected,
            )
        })
        .collect()
}

fn ets_spec(c: &Value) -> EtsParams {
    let period = c["period"].as_u64().unwrap_or(1) as usize;
    EtsParams::new(ErrorType::parse(c["error"].as_str().unwrap()).unwrap())
        .trend(TrendType::parse(c["trend"].as_str().unwrap()).unwrap())
        .seasonal(
            SeasonalType::parse(c["seasonal"].as_str().unwrap()).unwrap(),
            period,
        )
}

fn hw_spec(c: &Value) -> HoltWintersParams {
    let period = c["period"].as_u64().unwrap_or(1) as usize;
    HoltWintersParams::new()
        .trend(TrendType::parse(c["trend"].as_str().unwrap()).unwrap())
        .seasonal(
            SeasonalType::parse(c["seasonal"].as_str().unwrap()).unwrap(),
            period,
        )
}

#[test]
fn ets_at_fixed_parameters_is_exact() {
    for (name, y, exp) in cases() {
        for c in exp["ets"].as_array().unwrap() {
            let id = format!("{name}/{}", c["short_name"].as_str().unwrap());
            let spec = ets_spec(c);
            assert_eq!(
                spec.param_names(),
                c["param_names"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap().to_string())
                    .collect::<Vec<_>>(),
                "{id}: parameter names"
            );
            // A perturbed point.
            let fit = spec
                .clone()
                .fixed_params(f64s(&c["fixed_params"]))
                .fit(&y)
                .unwrap();
            assert_close(fit.llf, c["fixed_llf"].as_f64().unwrap(), REL_FIXED, &id);
            for (t, (a, e)) in fit
                .fittedvalues
                .iter()
                .zip(f64s(&c["fixed_fittedvalues"]))
                .enumerate()
            {
                assert_close(*a, e, REL_FIXED, &format!("{id} fixed fitted[{t}]"));
            }
            // statsmodels' optimum: criteria, fitted values, forecasts.
            let fit = spec.fixed_params(f64s(&c["params"])).fit(&y).unwrap();
            for key in ["llf", "aic", "aicc", "bic", "sse"] {
                let a = match key {
                    "llf" => fit.llf,
                    "aic" => fit.aic,
                    "aicc" => fit.aicc,
                    "bic" => fit.bic,
                    _ => fit.sse,
                };
                assert_close(
                    a,
                    c[key].as_f64().unwrap(),
                    REL_FIXED,
                    &format!("{id} {key}"),
                );
            }
            assert_eq!(fit.df_model as u64, c["df_model"].as_u64().unwrap());
            for (a, e) in fit.fittedvalues.iter().zip(f64s(&c["fittedvalues"])) {
                assert_close(*a, e, REL_FIXED, &format!("{id} fitted"));
            }
            let h = exp["horizon"].as_u64().unwrap() as usize;
            let f = fit.forecast(h, &[80.0, 95.0]).unwrap();
            let fe = &c["forecast"];
            for (a, e) in f.point.iter().zip(f64s(&fe["mean"])) {
                assert_close(*a, e, REL_FIXED, &format!("{id} forecast mean"));
            }
            let analytic = fe["method"] == "exact";
            assert_eq!(
                fit.interval_method() == IntervalMethod::Analytic,
                analytic,
                "{id}: interval method"
            );
            let (lo95, up95) = (f64s(&fe["lower_95"]), f64s(&fe["upper_95"]));
            let (lo80, up80) = (f64s(&fe["lower_80"]), f64s(&fe["upper_80"]));
            for j in 0..h {
                if analytic {
                    assert_close(f.se[j], f64s(&fe["se"])[j], REL_FIXED, &format!("{id} se"));
                    assert_close(
                        f.bands[1].upper[j],
                        up95[j],
                        REL_FIXED,
                        &format!("{id} up95"),
                    );
                    assert_close(
                        f.bands[0].lower[j],
                        lo80[j],
                        REL_FIXED,
                        &format!("{id} lo80"),
                    );
                } else {
                    // Simulated (5000 paths, different generators): the
                    // bounds agree to a small fraction of the interval width.
                    let w95 = up95[j] - lo95[j];
                    let w80 = up80[j] - lo80[j];
                    for (a, e, w, what) in [
                        (f.bands[1].upper[j], up95[j], w95, "upper 95"),
                        (f.bands[1].lower[j], lo95[j], w95, "lower 95"),
                        (f.bands[0].upper[j], up80[j], w80, "upper 80"),
                        (f.bands[0].lower[j], lo80[j], w80, "lower 80"),
                    ] {
                        assert!(
                            (a - e).abs() <= 0.06 * w,
                            "{id} {what} h={}: {a} vs {e} (width {w})",
                            j + 1
                        );
                    }
                    assert_close(f.se[j], f64s(&fe["se"])[j], 0.06, &format!("{id} sim se"));
                }
            }
        }
    }
}

#[test]
fn ets_optimum_at_least_as_good_as_statsmodels() {
    for (name, y, exp) in cases() {
        for c in exp["ets"].as_array().unwrap() {
            let id = format!("{name}/{}", c["short_name"].as_str().unwrap());
            let fit = ets_spec(c).fit(&y).unwrap();
            let llf_ref = c["llf"].as_f64().unwrap();
            assert!(
                fit.llf >= llf_ref - REL_OPTIMUM,
                "{id}: llf {} below statsmodels {llf_ref}",
                fit.llf
            );
            assert!(fit.converged, "{id}: not converged");
            // Where the optimum is sharp, the smoothing parameters agree, in
            // the space the bounds act on (alpha, beta/alpha,
            // gamma/(1-alpha), phi) so that parameters at a bound compare equal.
            let llf_gap = fit.llf - llf_ref;
            eprintln!(
                "{id}: llf {} vs statsmodels {llf_ref} ({llf_gap:+.3e})",
                fit.llf
            );
            if llf_gap.abs() < 1e-3 {
                let p = f64s(&c["params"]);
                let starred = |v: &[f64]| {
                    let mut out = vec![v[0]];
                    let mut i = 1;
                    if fit.smoothing_trend.is_some() {
                        out.push(v[i] / v[0]);
                        i += 1;
                    }
                    if fit.smoothing_seasonal.is_some() {
                        out.push(v[i] / (1.0 - v[0]));
                        i += 1;
                    }
                    if fit.damping_trend.is_some() {
                        out.push(v[i]);
                    }
                    out
                };
                let (a, e) = (starred(&fit.params), starred(&p));
                for i in 0..a.len() {
                    assert_close(a[i], e[i], 1e-3, &format!("{id} smoothing parameter {i}"));
                }
                // (With alpha at its upper bound the first fitted value is
                // all that depends on the initial level: a flat optimum.)
                let il = a.len();
                if p[0] < 0.999 {
                    assert_close(fit.params[il], p[il], 1e-3, &format!("{id} initial_level"));
                }
            }
        }
    }
}

#[test]
fn holt_winters_matches_statsmodels() {
    for (name, y, exp) in cases() {
        for c in exp["holt_winters"].as_array().unwrap() {
            let id = format!(
                "{name}/HW({},{})",
                c["trend"].as_str().unwrap(),
                c["seasonal"].as_str().unwrap()
            );
            let spec = hw_spec(c);
            let fixed = spec
                .clone()
                .fixed_params(f64s(&c["params"]))
                .fit(&y)
                .unwrap();
            for key in ["sse", "aic", "aicc", "bic"] {
                let a = match key {
                    "sse" => fixed.sse,
                    "aic" => fixed.aic,
                    "aicc" => fixed.aicc,
                    _ => fixed.bic,
                };
                assert_close(
                    a,
                    c[key].as_f64().unwrap(),
                    REL_FIXED,
                    &format!("{id} {key}"),
                );
            }
            for (a, e) in fixed.fittedvalues.iter().zip(f64s(&c["fittedvalues"])) {
                assert_close(*a, e, REL_FIXED, &format!("{id} fitted"));
            }
            // Forecasts: statsmodels' equivalent additive-error ETSModel at
            // every horizon (means, and intervals: analytic exactly,
            // simulated to a fraction of the width); HoltWintersResults'
            // own forecasts except at horizons m, 2m, ..., where statsmodels
            // 0.15 reuses the seasonal from before the last update.
            let fm = f64s(&c["forecast_mean"]);
            let ee = &c["ets_equivalent"];
            // (statsmodels' ETS smoother divides a multiplicative season by
            // the new level, Holt-Winters by the old one: equal only when
            // the season is additive or absent.)
            let exact_equiv = c["seasonal"] != "mul";
            if exact_equiv {
                for (a, e) in fixed.fittedvalues.iter().zip(f64s(&ee["fittedvalues"])) {
                    assert_close(*a, e, REL_FIXED, &format!("{id} ETS-equivalent fitted"));
                }
            }
            let f = fixed.forecast(fm.len(), &[80.0, 95.0]).unwrap();
            let m = c["period"].as_u64().unwrap_or(1) as usize;
            for (j, (a, e)) in f.point.iter().zip(&fm).enumerate() {
                if c["seasonal"] == "none" || (j + 1) % m != 0 {
                    assert_close(*a, *e, REL_FIXED, &format!("{id} forecast h={}", j + 1));
                }
            }
            if exact_equiv {
                for (a, e) in f.point.iter().zip(f64s(&ee["mean"])) {
                    assert_close(*a, e, REL_FIXED, &format!("{id} ETS-equivalent forecast"));
                }
            }
            let analytic = ee["method"] == "exact";
            assert_eq!(
                fixed.interval_method() == IntervalMethod::Analytic,
                analytic,
                "{id}"
            );
            let (lo95, up95) = (f64s(&ee["lower_95"]), f64s(&ee["upper_95"]));
            for j in 0..fm.len() {
                if analytic {
                    assert_close(f.se[j], f64s(&ee["se"])[j], REL_FIXED, &format!("{id} se"));
                    assert_close(
                        f.bands[1].upper[j],
                        up95[j],
                        REL_FIXED,
                        &format!("{id} up95"),
                    );
                } else {
                    let w = up95[j] - lo95[j];
                    assert!(
                        (f.bands[1].upper[j] - up95[j]).abs() <= 0.06 * w,
                        "{id} upper 95"
                    );
                    assert!(
                        (f.bands[1].lower[j] - lo95[j]).abs() <= 0.06 * w,
                        "{id} lower 95"
                    );
                }
            }
            let fit = spec.fit(&y).unwrap();
            let sse_ref = c["sse"].as_f64().unwrap();
            eprintln!(
                "{id}: sse {} vs statsmodels {sse_ref} ({:+.3e}); params {:?} vs {:?}",
                fit.sse,
                fit.sse / sse_ref - 1.0,
                &fit.params[..2],
                &f64s(&c["params"])[..2]
            );
            assert!(
                fit.sse <= sse_ref * (1.0 + REL_OPTIMUM),
                "{id}: sse {} above statsmodels {sse_ref}",
                fit.sse
            );
            // At the same, sharp optimum the level parameter agrees.
            let a_ref = f64s(&c["params"])[0];
            if (fit.sse / sse_ref - 1.0).abs() < 1e-5 && a_ref > 1e-3 {
                assert_close(fit.smoothing_level, a_ref, 1e-3, &format!("{id} alpha"));
            }
        }
    }
}

#[test]
fn automatic_selection_takes_the_smallest_aicc() {
    let (_, y, _) = cases().into_iter().find(|c| c.0 == "synthetic").unwrap();
    let s = select_ets(&y, Some(4)).unwrap();
    let min = s
        .candidates
        .iter()
        .filter_map(|(_, r)| r.as_ref().ok().copied())
        .fold(f64::INFINITY, f64::min);
    // The selection's AICc counts m - 1 free initial seasonal states (R's
    // count); the fit's own counts m (statsmodels'): one parameter more.
    assert_eq!(colcrime::models::ets::selection_aicc(&s.best), min);
    if s.best.smoothing_seasonal.is_some() {
        let n = s.best.nobs as f64;
        let k = s.best.df_model as f64;
        let own = -2.0 * s.best.llf + 2.0 * k * n / (n - k - 1.0);
        assert!((s.best.aicc - own).abs() < 1e-9 * own.abs());
        let free = -2.0 * s.best.llf + 2.0 * (k - 1.0) * n / (n - k);
        assert!((min - free).abs() < 1e-9 * free.abs());
    }
    // Positive data: 2 errors x 3 trends x 3 seasons minus the 3 A,*,M.
    assert_eq!(s.candidates.len(), 15);
    // The simulated series has an additive trend and season.
    assert!(
        s.best.smoothing_seasonal.is_some(),
        "{}",
        s.best.short_name()
    );
}

#[test]
fn bad_input_is_a_clear_error() {
    let (_, y, _) = cases()
        .into_iter()
        .find(|c| c.0 == "airpassengers")
        .unwrap();
    let mut neg = y.clone();
    neg[5] = -1.0;
    let e = EtsParams::new(ErrorType::Add)
        .seasonal(SeasonalType::Mul, 12)
        .fit(&neg)
        .unwrap_err();
    assert_eq!(e.exit_code(), 2);
    assert!(e.to_string().contains("observation 6"), "{e}");
    let mut zero = y.clone();
    zero[0] = 0.0;
    assert_eq!(
        HoltWintersParams::new()
            .seasonal(SeasonalType::Mul, 12)
            .fit(&zero)
            .unwrap_err()
            .exit_code(),
        2
    );
    let e = EtsParams::new(ErrorType::Add)
        .seasonal(SeasonalType::Add, 12)
        .fit(&y[..23])
        .unwrap_err();
    assert_eq!(e.exit_code(), 2);
    assert!(
        e.to_string().contains("24") && e.to_string().contains("23"),
        "{e}"
    );
    let e = EtsParams::new(ErrorType::Add).fit(&[5.0; 30]).unwrap_err();
    assert!(e.to_string().contains("constant"), "{e}");
    assert!(select_ets(&[5.0; 30], None).is_err());
}

fn run_cli(args: &[&str]) -> (i32, Value, String) {
    let out = assert_cmd::Command::cargo_bin("colcrime")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    let j = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (
        out.status.code().unwrap_or(-1),
        j,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn cli_contract_keys_batch_and_errors() {
    let synth = dir().join("synthetic/input.csv");
    let synth = synth.to_str().unwrap();
    let (code, j, err) = run_cli(&[
        "fit",
        "ets",
        "--data",
        synth,
        "--series",
        "y",
        "--error",
        "add",
        "--trend",
        "add",
        "--seasonal",
        "add",
        "--period",
        "4",
        "--horizon",
        "4",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    for key in [
        "sse",
        "llf",
        "aic",
        "aicc",
        "bic",
        "fittedvalues",
        "forecast",
        "interval_method",
    ] {
        assert!(j.get(key).is_some(), "missing {key}");
    }
    for key in [
        "smoothing_level",
        "smoothing_trend",
        "smoothing_seasonal",
        "damping_trend",
        "initial_level",
        "initial_trend",
        "initial_seasons",
    ] {
        assert!(j["params"].get(key).is_some(), "missing params.{key}");
    }
    assert_eq!(j["interval_method"], "analytic");
    let f = &j["forecast"];
    assert_eq!(f["dates"][0], "2025-01-01");
    for key in ["mean", "se"] {
        assert_eq!(f[key].as_array().unwrap().len(), 4);
    }
    assert_eq!(f["lower"]["80"].as_array().unwrap().len(), 4);
    assert_eq!(f["upper"]["95"].as_array().unwrap().len(), 4);

    // Batch over every column, in parallel: {"fits": {...}}.
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("two.csv");
    let frame = Frame::read_csv(&dir().join("synthetic/input.csv")).unwrap();
    let y = frame.column("y").unwrap();
    let mut csv = String::from("date,a,b\n");
    for (i, v) in y.iter().enumerate() {
        csv.push_str(&format!(
            "{} Q{},{v},{}\n",
            2010 + i / 4,
            i % 4 + 1,
            2.0 * v
        ));
    }
    std::fs::write(&path, csv).unwrap();
    let p = path.to_str().unwrap();
    let (code, j, err) = run_cli(&[
        "fit", "ets", "--data", p, "--series", "*", "--error", "mul", "--format", "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let (a, b) = (&j["fits"]["a"], &j["fits"]["b"]);
    // Scaling y by 2 shifts the multiplicative-error llf by -n log 2.
    let shift = a["llf"].as_f64().unwrap() - b["llf"].as_f64().unwrap();
    assert!((shift - 60.0 * 2f64.ln()).abs() < 1e-5, "{shift}");
    assert_eq!(a["interval_method"], "simulated");

    // Automatic selection.
    let (code, j, err) = run_cli(&[
        "fit", "ets", "--data", p, "--series", "a", "--auto", "--format", "json",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(j["selection"]["criterion"], "aicc");
    assert_eq!(j["selection"]["candidates"].as_object().unwrap().len(), 15);

    // Bad input: non-positive data with a multiplicative error -> exit 2.
    let (code, _, err) = run_cli(&[
        "fit", "ets", "--data", p, "--series", "a - 60", "--error", "mul", "--format", "json",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("strictly positive"), "{err}");
    // Too short for two seasons -> exit 2.
    let (code, _, err) = run_cli(&[
        "fit",
        "holt-winters",
        "--data",
        p,
        "--series",
        "a",
        "--seasonal",
        "add",
        "--period",
        "40",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("80"), "{err}");

    // Holt-Winters JSON.
    let air = dir().join("airpassengers/input.csv");
    let (code, j, err) = run_cli(&[
        "fit",
        "holt-winters",
        "--data",
        air.to_str().unwrap(),
        "--series",
        "y",
        "--trend",
        "add_damped",
        "--seasonal",
        "mul",
        "--horizon",
        "3",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(j["period"], 12);
    assert_eq!(j["interval_method"], "simulated");
    assert!(j["params"]["damping_trend"].as_f64().unwrap() <= 0.995);
    assert_eq!(j["forecast"]["dates"][0], "1961-01-01");
}
