//! What changed between two runs: data points added and revised, model
//! parameters before and after (the move measured in standard errors),
//! forecasts before and after, and how the previous forecasts compare with
//! the data that has since arrived.
//!
//! The previous run is read back through typed serde structs
//! ([`previous`]: [`StoredSeries`](previous::StoredSeries) from
//! `data/series.json`, [`PreviousResult`](previous::PreviousResult) from
//! each `results/NAME.json`); the current run's side comes from the
//! models' typed [`Report`](crate::kinds::Report)s. The comparison
//! ([`compute`]) is a typed [`Changes`](report::Changes), which is written
//! as `changes.json` with serde and rendered as `changes.md` by
//! [`to_doc`] ([`render`]); [`revision_charts`] draws the revised series.

mod charts;
mod compute;
mod previous;
mod render;
mod report;

pub(crate) use charts::revision_charts;
pub(crate) use compute::compute;
pub(crate) use previous::series_json;
pub(crate) use render::to_doc;

#[cfg(test)]
mod tests {
    use super::compute::*;
    use super::previous::*;
    use super::report::*;
    use super::*;
    use std::collections::BTreeMap;

    use crate::kinds::Kind;
    use crate::kinds::{RefitInfo, RefitUse};
    use crate::models::arima::RefitMode;
    use crate::series::{Period, Series};
    use crate::workspace::models::ModelOutcome;
    use serde_json::json;

    fn month(m: u32) -> Period {
        Period::month(2024, m).unwrap()
    }

    /// The keys, shapes and order of `changes.json` as the untyped writer
    /// produced them, non-finite numbers as strings and missing values as
    /// `null`.
    #[test]
    fn changes_serialise_to_the_same_keys_and_shapes() {
        let compared = ModelComparison {
            status_before: Some("ok".into()),
            status_after: "ok".into(),
            refit: Some(RefitInfo {
                mode: RefitUse::KeepParams,
                previous_result: "runs/1/results/cpi_forecast.json".into(),
                note: None,
                warm_start: Some(false),
                backtest: None,
            }),
            params: Some(vec![ParamChange {
                name: "ar.L1".into(),
                before: 0.5,
                after: 0.75,
                change: 0.25,
                change_in_se: f64::INFINITY,
                bse_before: 0.0,
                bse_after: 0.1,
            }]),
            sample: None,
            series_ends: Vec::new(),
            nobs: Some(CountChange {
                before: Some(120),
                after: Some(145),
            }),
            llf: StatChange::of(Some(f64::NAN), Some(-10.5)),
            aic: None,
            rsquared: StatChange::of(Some(0.5), None),
            forecast_moves: Some(vec![ForecastMove {
                date: "2024-03-01".into(),
                period: month(3),
                before: 2.0,
                after: 2.5,
                change_pct: 25.0,
            }]),
            forecast_vs_outturn: Some(vec![Outturn {
                date: "2024-02-01".into(),
                period: month(2),
                forecast: 2.0,
                actual: 3.0,
                error: 1.0,
                pct_error: 50.0,
                inside_80: Some(false),
                inside_95: None,
            }]),
        };
        let changes = Changes {
            previous_run_dir: "out/runs/1".into(),
            data: BTreeMap::from([
                (
                    "cpi".to_string(),
                    SeriesChange::Updated(SeriesUpdate {
                        added: vec![AddedPoint {
                            period: month(2),
                            value: 3.4,
                        }],
                        revised: vec![RevisedPoint {
                            period: month(1),
                            old: 4.0,
                            new: 4.1,
                            change: 0.1,
                        }],
                        removed: vec![month(3)],
                    }),
                ),
                ("pay".to_string(), SeriesChange::New),
            ]),
            models: BTreeMap::from([
                (
                    "cpi_forecast".to_string(),
                    ModelChange::Compared(Box::new(compared)),
                ),
                ("new_one".to_string(), ModelChange::New),
                (
                    "robbery_ols".to_string(),
                    ModelChange::Compared(Box::new(ModelComparison {
                        status_before: None,
                        status_after: "failed".into(),
                        ..ModelComparison::default()
                    })),
                ),
            ]),
            refit_mode: Some(RefitMode::KeepParams),
        };
        let expected = json!({
            "previous_run_dir": "out/runs/1",
            "data": {
                "cpi": {
                    "added": [{"period": "2024-02", "value": 3.4}],
                    "revised": [{"period": "2024-01", "old": 4.0, "new": 4.1, "change": 0.1}],
                    "removed": ["2024-03"],
                },
                "pay": {"new_series": true},
            },
            "models": {
                "cpi_forecast": {
                    "status_before": "ok",
                    "status_after": "ok",
                    "refit": {
                        "mode": "keep_params",
                        "previous_result": "runs/1/results/cpi_forecast.json",
                        "warm_start": false,
                    },
                    "params": [{
                        "name": "ar.L1", "before": 0.5, "after": 0.75, "change": 0.25,
                        "change_in_se": "Infinity", "bse_before": 0.0, "bse_after": 0.1,
                    }],
                    "nobs": {"before": 120, "after": 145},
                    "llf": {"before": "NaN", "after": -10.5},
                    "rsquared": {"before": 0.5, "after": null},
                    "forecast_moves": [{
                        "date": "2024-03-01", "period": "2024-03", "before": 2.0,
                        "after": 2.5, "change_pct": 25.0,
                    }],
                    "forecast_vs_outturn": [{
                        "date": "2024-02-01", "period": "2024-02", "forecast": 2.0,
                        "actual": 3.0, "error": 1.0, "pct_error": 50.0,
                        "inside_80": false, "inside_95": null,
                    }],
                },
                "new_one": {"new_model": true},
                "robbery_ols": {"status_before": null, "status_after": "failed"},
            },
            "refit_mode": "keep_params",
        });
        // Same text: same keys, values and order.
        assert_eq!(
            serde_json::to_string(&changes).unwrap(),
            serde_json::to_string(&expected).unwrap()
        );
        // A plain run (no mode) leaves `refit_mode` out.
        let plain = Changes {
            refit_mode: None,
            ..changes
        };
        let text = serde_json::to_string(&plain).unwrap();
        assert!(!text.contains("refit_mode"), "{text}");
    }

    #[test]
    fn stored_series_round_trip_with_non_finite_values() {
        let s = Series::new("cpi", month(1), vec![1.5, f64::NAN, 2.0]);
        let stored = series_json(&BTreeMap::from([("cpi".to_string(), s)]));
        let text = serde_json::to_string(&stored).unwrap();
        assert!(
            text.contains(r#""periods":["2024-01","2024-02","2024-03"],"values":[1.5,"NaN",2.0]"#),
            "{text}"
        );
        let back: BTreeMap<String, StoredSeries> = serde_json::from_str(&text).unwrap();
        let pts = back["cpi"].points();
        assert_eq!(pts.len(), 3);
        assert_eq!(pts[2], (month(3), 2.0));
        assert!(pts[1].1.is_nan());
    }

    #[test]
    fn a_previous_result_reads_nan_strings_and_missing_keys() {
        let text = r#"{
            "status": "ok", "model": "ols",
            "param_names": ["const", "x", "z"],
            "params": [1.0, "NaN", 3.0],
            "bse": [0.5, "Infinity"],
            "conf_int": [[0.0, 2.0], ["NaN", 1.0]],
            "nobs": 40, "llf": "NaN", "rsquared": null,
            "forecast": {"dates": ["2024-01-01", "2024-02-01"], "mean": [1.0, "NaN"],
                         "lower": {"80": [0.5, "-Infinity"]}, "upper": {"80": [1.5, 2.0]}}
        }"#;
        let r: PreviousResult = serde_json::from_str(text).unwrap();
        let p = r.parameters();
        assert_eq!(p.len(), 3);
        assert_eq!((p[0].estimate, p[0].se, p[0].ci), (1.0, 0.5, (0.0, 2.0)));
        assert!(p[1].estimate.is_nan() && p[1].se.is_infinite() && p[1].ci.0.is_nan());
        // Keys missing for a parameter are NaN.
        assert!(p[2].se.is_nan() && p[2].pvalue.is_nan() && p[2].ci.1.is_nan());
        assert_eq!(r.nobs(), Some(40));
        assert!(r.llf.is_some_and(f64::is_nan));
        assert!(r.aic.is_none() && r.rsquared.is_none());
        let f = r.forecast.unwrap();
        assert!(f.mean[1].is_nan());
        assert_eq!(f.inside("80", 0, 1.2), Some(true));
        assert_eq!(f.inside("80", 1, -5.0), Some(true));
        assert_eq!(f.inside("95", 0, 1.2), None);

        // A failed model, an empty object, a smoothing model's named
        // parameters and a VAR's per-series forecasts all read.
        let failed: PreviousResult =
            serde_json::from_str(r#"{"status": "failed", "error": {"kind": "usage"}}"#).unwrap();
        assert_eq!(failed.status.as_deref(), Some("failed"));
        assert!(failed.parameters().is_empty() && failed.forecast.is_none());
        let empty: PreviousResult = serde_json::from_str("{}").unwrap();
        assert!(empty.status.is_none() && empty.nobs().is_none());
        let ets: PreviousResult = serde_json::from_str(
            r#"{"status": "ok", "params": {"smoothing_level": 0.3, "initial_seasons": null}, "forecast": null}"#,
        )
        .unwrap();
        assert!(ets.parameters().is_empty() && ets.forecast.is_none());
        let var: PreviousResult = serde_json::from_str(
            r#"{"status": "ok", "names": ["a", "b"], "param_names": ["const", "L1.a"],
                "params": [[1.0, 2.0], [0.5, "NaN"]], "stderr": [[0.1, 0.2], [0.05, 0.05]],
                "pvalues": [[0.01, 0.02], [0.03, 0.04]],
                "forecast": {"a": {"dates": ["2024-01-01"]}, "b": {"dates": []}}}"#,
        )
        .unwrap();
        let p = var.parameters();
        assert_eq!(p.len(), 4);
        assert_eq!(
            (p[1].name.as_str(), p[1].estimate, p[1].se),
            ("a: L1.a", 0.5, 0.05)
        );
        assert!(p[3].name == "b: L1.a" && p[3].estimate.is_nan());
        assert!(var.forecast.is_some_and(|f| f.dates.is_empty()));
    }

    /// A VAR fitted on the first `rows` rows of two related series.
    fn var_outcome(rows: usize) -> ModelOutcome {
        let mut csv = String::from("date,a,b\n");
        let (mut a, mut b) = (1.0f64, 2.0f64);
        for t in 0..60u32 {
            let e = |s: f64| ((f64::from(t) * 12.9898 + s).sin() * 43_758.545_3).fract() - 0.5;
            (a, b) = (0.5 * a + 0.2 * b + e(0.0), 0.3 * a + 0.4 * b + e(7.0));
            csv.push_str(&format!("{}-{:02},{a},{b}\n", 2019 + t / 12, t % 12 + 1));
        }
        let frame = crate::series::Frame::from_csv_str("d.csv", &csv).unwrap();
        let data = crate::kinds::ModelData::new(&frame, 0..rows).unwrap();
        let opts: crate::kinds::var::VarOptions =
            toml::from_str("series = [\"a\", \"b\"]\nlags = 1\nhorizon = 0").unwrap();
        let report = opts.fit(&data).unwrap();
        ModelOutcome {
            name: "crime_var".into(),
            kind: "var".into(),
            json: report.to_json(),
            summary: report.table.clone(),
            error: None,
            report: Some(report),
            uses: Vec::new(),
        }
    }

    /// Issue 15: a VAR's parameters are compared equation by equation, not
    /// shown as n/a; a model without parameters gets a line, not an empty
    /// table.
    #[test]
    fn a_var_change_renders_its_parameters_without_na() {
        let before = var_outcome(48);
        let mut stored = before.report.as_ref().unwrap().json.clone();
        stored.insert("status".into(), "ok".into());
        let text = serde_json::to_string(&stored).unwrap();
        let old: PreviousResult = serde_json::from_str(&text).unwrap();
        let after = var_outcome(60);
        let change = model_change(Some(&old), &after);
        let ModelChange::Compared(c) = &change else {
            panic!("expected a comparison, got {change:?}");
        };
        let params = c.params.as_ref().unwrap();
        // 2 equations x (const, L1.a, L1.b).
        assert_eq!(params.len(), 6);
        assert_eq!(params[4].name, "b: L1.a");
        assert!(params.iter().all(|p| p.before.is_finite()
            && p.after.is_finite()
            && p.change_in_se.is_finite()
            && p.before != p.after));
        let n = |c: Option<CountChange>| c.and_then(|c| Some((c.before?, c.after?)));
        assert_eq!(n(c.nobs), Some((47, 59)));
        assert!(c.llf.is_some() && c.aic.is_some() && c.rsquared.is_none());

        let changes = Changes {
            previous_run_dir: "runs/1".into(),
            data: BTreeMap::new(),
            models: BTreeMap::from([
                ("crime_var".to_string(), change),
                (
                    "stationarity".to_string(),
                    ModelChange::Compared(Box::new(ModelComparison {
                        status_before: Some("ok".into()),
                        status_after: "ok".into(),
                        params: Some(Vec::new()),
                        ..ModelComparison::default()
                    })),
                ),
            ]),
            refit_mode: Some(RefitMode::Reestimate),
        };
        let md = to_doc(&changes, "test").to_markdown();
        assert!(!md.contains("n/a"), "{md}");
        assert!(
            md.contains("| a: const |") && md.contains("| b: L1.b |"),
            "{md}"
        );
        let stationarity = md.split("`stationarity`").nth(1).unwrap();
        assert!(stationarity.contains("no parameters to compare"), "{md}");
        assert!(!stationarity.contains("| Parameter"), "{md}");
        assert!(md.contains("Every model is re-estimated"), "{md}");
    }
}
