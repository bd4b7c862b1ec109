//! The briefing's words and tables: key points computed from the data,
//! each model's results with a plain-English reading, forecasts, charts,
//! sources and caveats.

use super::build::Loaded;
use super::charts::{Rendered, RenderedChart};
use super::doc::{Block, Doc};
use super::models::{CoefRow, ModelOutcome, coef_rows};
use crate::json::as_f64;
use crate::series::{Measure, Series};

/// Formats a number for reading: thousands separators for large values,
/// otherwise `digits` significant figures.
///
/// ```
/// use colcrime::workspace::fmt_num as f;
/// assert_eq!(f(28433.0, 3), "28,433");
/// assert_eq!(f(0.012345, 3), "0.0123");
/// assert_eq!(f(-2.5, 3), "-2.50");
/// assert_eq!(f(f64::NAN, 3), "n/a");
/// ```
pub fn fmt_num(x: f64, digits: usize) -> String {
    if !x.is_finite() {
        return "n/a".into();
    }
    if x.abs() >= 1000.0 {
        let r = x.round() as i64;
        let s = r.unsigned_abs().to_string();
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        return if r < 0 { format!("-{out}") } else { out };
    }
    if x == 0.0 {
        return "0".into();
    }
    let mag = x.abs().log10().floor() as i32;
    let decimals = (digits as i32 - 1 - mag).max(0) as usize;
    format!("{x:.decimals$}")
}

fn pct(x: f64) -> String {
    if !x.is_finite() {
        return "n/a".into();
    }
    format!("{}{}%", if x > 0.0 { "+" } else { "" }, fmt_num(x, 2))
}

fn pvalue(p: f64) -> String {
    if !p.is_finite() {
        "n/a".into()
    } else if p < 0.001 {
        "<0.001".into()
    } else {
        format!("{p:.3}")
    }
}

/// Key points for one headline series.
fn headline_points(s: &Series) -> Vec<String> {
    let mut out = Vec::new();
    let Some((first, last)) = s.observed_span() else {
        return out;
    };
    let per_year = s.freq().periods_per_year() as i64;
    let v_last = s.get(last).unwrap_or(f64::NAN);
    let unit = if s.unit.is_empty() {
        String::new()
    } else {
        format!(" {}", s.unit)
    };
    if s.measure == Measure::Count && per_year > 1 {
        let sum = |to: crate::series::Period| -> f64 {
            (0..per_year)
                .map(|k| s.get(to.offset(-k)).unwrap_or(f64::NAN))
                .sum()
        };
        let this = sum(last);
        let prev = sum(last.offset(-per_year));
        let pre = s
            .periods()
            .into_iter()
            .filter(|p| p.year_number() == 2019 && p.sub_year() as i64 == per_year)
            .map(sum)
            .next();
        let mut t = format!(
            "**{}**: {} in the 12 months to {last}, {} on the previous 12 months",
            s.title,
            fmt_num(this, 3),
            pct(100.0 * (this / prev - 1.0))
        );
        if let Some(p19) = pre.filter(|v| v.is_finite()) {
            t.push_str(&format!(
                " and {} on calendar year 2019 ({})",
                pct(100.0 * (this / p19 - 1.0)),
                fmt_num(p19, 3)
            ));
        }
        t.push_str(&format!(" (data {first} to {last})."));
        out.push(t);
    } else {
        let year_ago = s.get(last.offset(-per_year)).unwrap_or(f64::NAN);
        let (imax, vmax) = s.iter().filter(|(_, v)| v.is_finite()).fold(
            (first, f64::NEG_INFINITY),
            |acc, (p, v)| {
                if v > acc.1 { (p, v) } else { acc }
            },
        );
        let recent_peak = s
            .iter()
            .filter(|(p, v)| v.is_finite() && p.year_number() >= 2019)
            .fold(
                None,
                |acc: Option<(crate::series::Period, f64)>, (p, v)| match acc {
                    Some((_, b)) if b >= v => acc,
                    _ => Some((p, v)),
                },
            );
        let mut t = format!(
            "**{}**: {}{unit} in {last}, against {}{unit} a year earlier",
            s.title,
            fmt_num(v_last, 3),
            fmt_num(year_ago, 3)
        );
        if let Some((pp, pv)) = recent_peak {
            t.push_str(&format!(
                "; since 2019 it peaked at {}{unit} in {pp}",
                fmt_num(pv, 3)
            ));
        } else {
            t.push_str(&format!(
                "; its highest was {}{unit} in {imax}",
                fmt_num(vmax, 3)
            ));
        }
        t.push('.');
        out.push(t);
    }
    out
}

/// Whether a workspace series is a 0/1 indicator (e.g. a lockdown dummy).
fn is_indicator(loaded: &Loaded, name: &str) -> bool {
    loaded.series.get(name).is_some_and(|s| {
        let v: Vec<f64> = s
            .values()
            .iter()
            .copied()
            .filter(|v| v.is_finite())
            .collect();
        !v.is_empty() && v.iter().all(|&x| x == 0.0 || x == 1.0)
    })
}

/// `growth(x, 4)` read as "the growth of `x` over 4 periods".
fn describe_response(resp: &str) -> String {
    if let Some(inner) = resp
        .strip_prefix("growth(")
        .and_then(|r| r.strip_suffix(')'))
    {
        let mut parts = inner.rsplitn(2, ',');
        let k = parts.next().unwrap_or("").trim();
        if let Some(x) = parts.next() {
            return format!("a growth rate of `{}` over {k} periods", x.trim());
        }
    }
    if let Some(inner) = resp.strip_prefix("diff(").and_then(|r| r.strip_suffix(')')) {
        return format!("a change in `{}`", inner.trim());
    }
    format!("a `{resp}`")
}

/// A plain-English reading of one coefficient; `indicator` says the term is
/// a 0/1 dummy, read as "in periods when it is 1".
fn reading(row: &CoefRow, response: &str, indicator: bool) -> String {
    let resp = response.trim();
    let sig = if row.pvalue < 0.05 {
        "statistically significant at the 5% level"
    } else {
        "not statistically distinguishable from zero at the 5% level"
    };
    let ci = format!(
        "95% interval {} to {}",
        fmt_num(row.ci.0, 3),
        fmt_num(row.ci.1, 3)
    );
    let cause = if indicator {
        format!("periods when `{}` = 1 (against 0) go", row.name)
    } else {
        format!(
            "each extra unit of `{}` (one percentage point, for rates) goes",
            row.name
        )
    };
    let up_down = |x: f64| if x >= 0.0 { "higher" } else { "lower" };
    let effect = if let Some(inner) = resp.strip_prefix("log(").and_then(|r| r.strip_suffix(')')) {
        let p = 100.0 * (row.estimate.exp() - 1.0);
        format!(
            "{cause} with `{}` {}% {} (coefficient {}, {ci})",
            inner.trim(),
            fmt_num(p.abs(), 2),
            up_down(p),
            fmt_num(row.estimate, 3)
        )
    } else if resp.starts_with("growth(") {
        format!(
            "{cause} with {} that is {} percentage points {} ({ci})",
            describe_response(resp),
            fmt_num(row.estimate.abs(), 3),
            up_down(row.estimate)
        )
    } else {
        format!(
            "{cause} with {} that is {} units {} ({ci})",
            describe_response(resp),
            fmt_num(row.estimate.abs(), 3),
            up_down(row.estimate)
        )
    };
    let mut effect = effect;
    if let Some(first) = effect.get(0..1) {
        effect = first.to_uppercase() + effect.get(1..).unwrap_or("");
    }
    format!(
        "{effect}, other terms held fixed; this is {sig} ({}).",
        p_phrase(row.pvalue)
    )
}

/// A share as a whole percentage: `0.83` -> `83%`.
fn share(x: f64) -> String {
    if x.is_finite() {
        format!("{:.0}%", 100.0 * x)
    } else {
        "n/a".into()
    }
}

/// `p = 0.049` or `p < 0.001`.
fn p_phrase(p: f64) -> String {
    if p.is_finite() && p < 0.001 {
        "p < 0.001".into()
    } else {
        format!("p = {}", pvalue(p))
    }
}

/// A count of observations: an integer with thousands separators.
fn fmt_count(n: f64) -> String {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 1000.0 {
        format!("{}", n as i64)
    } else {
        fmt_num(n, 6)
    }
}

fn figure(c: &RenderedChart) -> Block {
    Block::Figure {
        stem: c.stem.clone(),
        alt: c.alt.clone(),
        caption: c.caption.clone(),
        svg: c.svg.clone(),
    }
}

fn model_blocks(loaded: &Loaded, o: &ModelOutcome, rendered: &Rendered) -> Vec<Block> {
    let mut b = Vec::new();
    let spec = loaded.spec.models.get(&o.name);
    b.push(Block::Heading(
        2,
        format!("Model `{}` ({})", o.name, o.kind),
    ));
    if let Some(d) = spec.and_then(|s| s.description.as_ref()) {
        b.push(Block::Para(d.clone()));
    }
    if let Some(e) = &o.error {
        b.push(Block::Para(format!(
            "**This model could not be fitted**: {e}. The rest of the briefing is unaffected."
        )));
        return b;
    }
    let j = &o.json;
    match o.kind.as_str() {
        "ols" | "glm" => {
            let formula = spec.and_then(|s| s.formula.clone()).unwrap_or_default();
            let mut response = formula.split('~').next().unwrap_or("").trim().to_string();
            if o.kind == "glm" {
                // A log link: coefficients read as percentage changes in the
                // expected count (rate ratios), as for a logged response.
                response = format!("log({response})");
            }
            let rows = coef_rows(j);
            let nobs = as_f64(&j["nobs"]).unwrap_or(f64::NAN);
            let mut facts = format!(
                "Formula `{formula}`, {} observations, covariance `{}`",
                fmt_count(nobs),
                j["cov_type"].as_str().unwrap_or("nonrobust")
            );
            if let Some(r2) = as_f64(&j["rsquared"]) {
                facts.push_str(&format!(", R² = {:.3}", r2));
            }
            if o.kind == "glm" {
                let family = spec
                    .and_then(|s| s.family.clone())
                    .unwrap_or_else(|| "poisson".into());
                facts.push_str(&format!(", family `{family}` with a log link"));
                if let Some(a) = as_f64(&j["alpha"]) {
                    facts.push_str(&format!(
                        " (NB2 dispersion α = {}, s.e. {})",
                        fmt_num(a, 3),
                        fmt_num(as_f64(&j["alpha_bse"]).unwrap_or(f64::NAN), 3)
                    ));
                }
                if let Some(d) = as_f64(&j["deviance"]) {
                    facts.push_str(&format!(
                        ", deviance {} on {} residual degrees of freedom",
                        fmt_num(d, 4),
                        fmt_count(as_f64(&j["df_resid"]).unwrap_or(f64::NAN))
                    ));
                }
            }
            facts.push('.');
            b.push(Block::Para(facts));
            b.push(coef_table(&rows));
            let readings: Vec<String> = rows
                .iter()
                .filter(|r| r.name != "const")
                .map(|r| reading(r, &response, is_indicator(loaded, &r.name)))
                .collect();
            if !readings.is_empty() {
                b.push(Block::Heading(3, "What the coefficients say".into()));
                b.push(Block::List(readings));
                b.push(Block::Para(
                    "These are associations over the sample, not causal effects: crime and the cost of living share trends, the pandemic and recording changes. Standard errors allow for autocorrelation and heteroskedasticity where the covariance is HAC.".into(),
                ));
            }
        }
        "unit_root" => {
            let tests = j["tests"].as_array().cloned().unwrap_or_default();
            let has = |k: &str| tests.iter().any(|t| t.get(k).is_some_and(|v| !v.is_null()));
            let (adf, kpss, za) = (has("adf"), has("kpss"), has("za"));
            let f = |v: &serde_json::Value| fmt_num(as_f64(v).unwrap_or(f64::NAN), 3);
            let mut headers = vec!["Series".to_string()];
            if adf {
                headers.extend(["ADF statistic".into(), "ADF p-value".into()]);
            }
            if kpss {
                headers.extend(["KPSS statistic".into(), "KPSS p-value".into()]);
            }
            if za {
                headers.extend([
                    "ZA statistic".into(),
                    "ZA 5% critical value".into(),
                    "ZA p-value".into(),
                    "Break after".into(),
                ]);
            }
            headers.push("Reading".into());
            let rows = tests
                .iter()
                .map(|t| {
                    let mut row = vec![format!("`{}`", t["series"].as_str().unwrap_or(""))];
                    if adf {
                        row.push(f(&t["adf"]["statistic"]));
                        row.push(pvalue(as_f64(&t["adf"]["pvalue"]).unwrap_or(f64::NAN)));
                    }
                    if kpss {
                        row.push(f(&t["kpss"]["statistic"]));
                        // KPSS p-values come from a table: say when they
                        // sit at its ends.
                        row.push(match as_f64(&t["kpss"]["pvalue"]) {
                            Some(p) if p >= 0.1 => "≥ 0.10".into(),
                            Some(p) if p <= 0.01 => "≤ 0.01".into(),
                            Some(p) => pvalue(p),
                            None => "n/a".into(),
                        });
                    }
                    if za {
                        row.push(f(&t["za"]["statistic"]));
                        row.push(f(&t["za"]["critical_values"]["5%"]));
                        row.push(pvalue(as_f64(&t["za"]["pvalue"]).unwrap_or(f64::NAN)));
                        row.push(t["za"]["break_date"].as_str().unwrap_or("n/a").to_string());
                    }
                    row.push(t["reading"].as_str().unwrap_or("").to_string());
                    row
                })
                .collect();
            b.push(Block::Table(headers, rows));
            let mut text = Vec::new();
            if adf {
                text.push(
                    "ADF tests the null of a unit root (lags chosen by AIC, MacKinnon p-values).",
                );
            }
            if kpss {
                text.push("KPSS tests the null of stationarity (automatic bandwidth; its p-values are interpolated in a table and capped at 0.01 and 0.10).");
            }
            if za {
                text.push("The Zivot–Andrews test (ZA) tests the null of a unit root against stationarity around a level that shifts once, at the date that most favours the alternative; the break column is the last period before the shift. It rejects when the statistic is below the critical value (1%, 5% and 10% values in the JSON result).");
            }
            text.push("Series with a unit root in levels are modelled in growth rates or differences, or in levels only when they share a long-run relation (see the ARDL and error-correction models).");
            b.push(Block::Para(text.join(" ")));
        }
        "ardl" => b.extend(ardl_blocks(j)),
        "ecm" => b.extend(ecm_blocks(j)),
        "var" => {
            let names: Vec<String> = j["names"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            let lags = j["lags"].as_u64().unwrap_or(0);
            let sample: Vec<&str> = j["sample"]
                .as_array()
                .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
                .unwrap_or_default();
            let mut facts = format!(
                "VAR({lags}) of {} over {} to {} ({} observations)",
                names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                sample.first().unwrap_or(&"?"),
                sample.last().unwrap_or(&"?"),
                fmt_count(as_f64(&j["nobs"]).unwrap_or(f64::NAN))
            );
            if let Some(sel) = j["lag_order_selection"].as_object() {
                facts.push_str(&format!(
                    "; the lag order is the AIC choice up to {} (BIC would choose {}, HQIC {})",
                    sel.get("maxlags").and_then(|v| v.as_u64()).unwrap_or(0),
                    sel.get("bic").and_then(|v| v.as_u64()).unwrap_or(0),
                    sel.get("hqic").and_then(|v| v.as_u64()).unwrap_or(0),
                ));
            }
            facts.push('.');
            b.push(Block::Para(facts));
            let pairs = j["causality"].as_array().cloned().unwrap_or_default();
            if !pairs.is_empty() {
                b.push(Block::Heading(3, "Granger causality within the VAR".into()));
                let join = |v: &serde_json::Value| {
                    v.as_array()
                        .map(|a| {
                            a.iter()
                                .filter_map(|x| x.as_str())
                                .map(|x| format!("`{x}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        })
                        .unwrap_or_else(|| format!("`{}`", v.as_str().unwrap_or("")))
                };
                b.push(Block::Table(
                    vec![
                        "Does".into(),
                        "help predict".into(),
                        "F".into(),
                        "p-value".into(),
                    ],
                    pairs
                        .iter()
                        .map(|c| {
                            vec![
                                join(&c["causing"]),
                                join(&c["caused"]),
                                fmt_num(as_f64(&c["statistic"]).unwrap_or(f64::NAN), 3),
                                pvalue(as_f64(&c["pvalue"]).unwrap_or(f64::NAN)),
                            ]
                        })
                        .collect(),
                ));
                let sig: Vec<String> = pairs
                    .iter()
                    .filter(|c| as_f64(&c["pvalue"]).is_some_and(|p| p < 0.05))
                    .map(|c| {
                        format!(
                            "{} helps predict {}",
                            join(&c["causing"]),
                            join(&c["caused"])
                        )
                    })
                    .collect();
                b.push(Block::Para(if sig.is_empty() {
                    "No series helps predict another at the 5% level, given the others' own past.".into()
                } else {
                    format!(
                        "At the 5% level, given the other series' past: {}. Granger causality is predictive precedence, not a causal effect.",
                        sig.join("; ")
                    )
                }));
            }
        }
        _ => {
            let mut facts = Vec::new();
            if let Some(n) = as_f64(&j["nobs"]) {
                facts.push(format!("{} observations", fmt_count(n)));
            }
            if let Some(l) = as_f64(&j["llf"]) {
                facts.push(format!("log-likelihood {}", fmt_num(l, 5)));
            }
            if let Some(a) = as_f64(&j["aicc"]) {
                facts.push(format!("AICc {}", fmt_num(a, 5)));
            }
            if let (Some(o), Some(so)) = (j["order"].as_array(), j["seasonal_order"].as_array()) {
                let f = |a: &Vec<serde_json::Value>| {
                    a.iter()
                        .map(|v| v.as_u64().unwrap_or(0).to_string())
                        .collect::<Vec<_>>()
                };
                let (o, so) = (f(o), f(so));
                let tried = j["models_tried"].as_array().map_or(0, |a| a.len());
                let model = format!(
                    "ARIMA({})({}){}",
                    o.join(","),
                    so.get(..3).map(|s| s.join(",")).unwrap_or_default(),
                    so.get(3).cloned().unwrap_or_default()
                );
                facts.insert(
                    0,
                    if tried > 0 {
                        format!("{model}, chosen by AICc among {tried} candidates")
                    } else {
                        model
                    },
                );
            }
            if !facts.is_empty() {
                b.push(Block::Para(format!(
                    "Fitted by exact maximum likelihood: {}.",
                    facts.join(", ")
                )));
            }
            let rows = coef_rows(j);
            if !rows.is_empty() {
                b.push(Block::Table(
                    vec!["Parameter".into(), "Estimate".into(), "Std. error".into()],
                    rows.iter()
                        .map(|r| vec![r.name.clone(), fmt_num(r.estimate, 4), fmt_num(r.se, 3)])
                        .collect(),
                ));
            }
        }
    }
    if let Some(f) = &o.forecast {
        let kind = match f.point_kind {
            crate::forecast::PointKind::Mean => "mean",
            crate::forecast::PointKind::Median => "median",
        };
        b.push(Block::Heading(3, "Forecast".into()));
        let mut headers = vec!["Period".into(), format!("Forecast ({kind})")];
        for band in &f.bands {
            headers.push(format!("{}% interval", (band.level * 100.0).round()));
        }
        let rows = f
            .periods
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let mut r = vec![p.to_string(), fmt_num(f.point[i], 3)];
                for band in &f.bands {
                    r.push(format!(
                        "{} to {}",
                        fmt_num(band.lower[i], 3),
                        fmt_num(band.upper[i], 3)
                    ));
                }
                r
            })
            .collect();
        b.push(Block::Table(headers, rows));
        if let (Some(h), Some(last)) = (&o.history, f.periods.last()) {
            let n = f.point.len();
            let last_obs = h.observed_span().map(|(_, e)| e);
            if let (Some(e), Some(b95)) = (last_obs, f.band(0.95)) {
                b.push(Block::Para(format!(
                    "By {last} the model expects about {} (95% interval {} to {}), against {} in {e}, the last period observed.",
                    fmt_num(f.point[n - 1], 3),
                    fmt_num(b95.lower[n - 1], 3),
                    fmt_num(b95.upper[n - 1], 3),
                    fmt_num(h.get(e).unwrap_or(f64::NAN), 3)
                )));
            }
        }
    }
    if !o.scenarios.is_empty() {
        b.extend(scenario_blocks(loaded, o));
    }
    if let Some(bt) = j["backtest"].as_object() {
        let rows: Vec<&serde_json::Value> = bt
            .get("by_horizon")
            .and_then(|v| v.as_array())
            .map(|a| a.iter().collect())
            .unwrap_or_default();
        let origins = bt
            .get("origins")
            .and_then(|v| v.as_array())
            .map_or(0, |a| a.len());
        if let Some(first) = rows.first() {
            let f = |k: &str| as_f64(&first[k]).unwrap_or(f64::NAN);
            b.push(Block::Heading(3, "How well has it forecast before?".into()));
            b.push(Block::Para(format!(
                "Re-fitted at each of the last {origins} periods and scored against what followed, the model's one-step-ahead forecasts were off by {}% on average (MAE {}, against {} for the seasonal-naive forecast and {} for the naive one; MASE {}). {} of outturns fell inside the 80% interval and {} inside the 95% interval.",
                fmt_num(f("mape"), 2),
                fmt_num(f("mae"), 3),
                fmt_num(f("snaive_mae"), 3),
                fmt_num(f("naive_mae"), 3),
                fmt_num(f("mase"), 2),
                share(f("coverage_80")),
                share(f("coverage_95")),
            )));
            match bt.get("exog_future").and_then(|v| v.as_str()) {
                Some("realised") => b.push(Block::Para(
                    "The regressors took their realised values over each horizon, so these are forecasts conditional on the drivers: they leave out the uncertainty of forecasting the drivers themselves.".into(),
                )),
                Some("arima") => b.push(Block::Para(
                    "The regressors followed their own ARIMA forecasts made at each origin, with their uncertainty in the intervals: the forecasts the model could have made at the time.".into(),
                )),
                _ => {}
            }
            b.push(Block::Table(
                vec![
                    "Steps ahead".into(),
                    "Forecasts".into(),
                    "MAE".into(),
                    "MAPE %".into(),
                    "MASE".into(),
                    "Seasonal-naive MAE".into(),
                    "In 80%".into(),
                    "In 95%".into(),
                ],
                rows.iter()
                    .map(|r| {
                        let g = |k: &str| as_f64(&r[k]).unwrap_or(f64::NAN);
                        vec![
                            format!("{}", r["h"].as_u64().unwrap_or(0)),
                            format!("{}", r["n"].as_u64().unwrap_or(0)),
                            fmt_num(g("mae"), 3),
                            fmt_num(g("mape"), 2),
                            fmt_num(g("mase"), 2),
                            fmt_num(g("snaive_mae"), 3),
                            share(g("coverage_80")),
                            share(g("coverage_95")),
                        ]
                    })
                    .collect(),
            ));
        }
    }
    // The model's own charts; its diagnostics go under "Model checks".
    for c in rendered.charts.iter().filter(|c| {
        loaded
            .spec
            .charts
            .get(&c.name)
            .is_some_and(|s| s.model.as_deref() == Some(o.name.as_str()) && !is_check(&s.kind))
    }) {
        b.push(figure(c));
    }
    b.push(Block::Pre(o.summary.clone()));
    b
}

/// A coefficient table in the style of the OLS table: term, estimate,
/// standard error, 95% interval and p-value.
fn coef_table(rows: &[CoefRow]) -> Block {
    Block::Table(
        vec![
            "Term".into(),
            "Estimate".into(),
            "Std. error".into(),
            "95% interval".into(),
            "p-value".into(),
        ],
        rows.iter()
            .map(|r| {
                vec![
                    r.name.clone(),
                    fmt_num(r.estimate, 3),
                    fmt_num(r.se, 3),
                    format!("{} to {}", fmt_num(r.ci.0, 3), fmt_num(r.ci.1, 3)),
                    pvalue(r.pvalue),
                ]
            })
            .collect(),
    )
}

/// Coefficient rows from `param_names`, `params`, `bse` and `pvalues` with
/// normal 95% intervals (the ARDL's long-run coefficients, whose
/// delta-method standard errors are asymptotic).
fn normal_rows(j: &serde_json::Value) -> Vec<CoefRow> {
    let mut rows = coef_rows(j);
    for r in &mut rows {
        if !(r.ci.0.is_finite() && r.ci.1.is_finite()) {
            r.ci = (
                r.estimate - 1.959_963_984_540_054 * r.se,
                r.estimate + 1.959_963_984_540_054 * r.se,
            );
        }
    }
    rows
}

/// The ARDL's order and sample, its long-run coefficients, the bounds test
/// with its I(0)/I(1) critical values and verdict, and the ARDL
/// coefficients.
fn ardl_blocks(j: &serde_json::Value) -> Vec<Block> {
    let mut b = Vec::new();
    let y = j["endog_name"].as_str().unwrap_or("y");
    let order: Vec<String> = j["ardl_order"]
        .as_array()
        .map(|a| a.iter().map(|v| v.to_string()).collect())
        .unwrap_or_default();
    let xs: Vec<String> = j["x"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(|x| format!("`{x}`")))
                .collect()
        })
        .unwrap_or_default();
    let es = &j["estimation_sample"];
    let mut facts = format!(
        "ARDL({}) of `{y}` on {}, trend `{}`, {} to {} ({} observations after the lags)",
        order.join(", "),
        xs.join(", "),
        j["trend"].as_str().unwrap_or("c"),
        es["start"].as_str().unwrap_or("?"),
        es["end"].as_str().unwrap_or("?"),
        fmt_count(as_f64(&j["nobs"]).unwrap_or(f64::NAN))
    );
    if let Some(sel) = j["order_selection"].as_object() {
        facts.push_str(&format!(
            "; the orders are the {} choice up to {} lags of `{y}` and {} of each regressor",
            sel.get("ic")
                .and_then(|v| v.as_str())
                .unwrap_or("IC")
                .to_uppercase(),
            sel.get("maxlag").map(|v| v.to_string()).unwrap_or_default(),
            sel.get("maxorder")
                .and_then(|v| v.as_array())
                .map(|a| a
                    .iter()
                    .map(|v| v.to_string())
                    .collect::<Vec<_>>()
                    .join("/"))
                .unwrap_or_default()
        ));
    }
    facts.push('.');
    b.push(Block::Para(facts));
    let bt = &j["bounds_test"];
    if !bt.is_object() {
        let notes: Vec<String> = j["notes"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        b.push(Block::Para(format!(
            "No bounds test: {}",
            if notes.is_empty() {
                "the model has no error-correction form.".to_string()
            } else {
                notes.join(" ")
            }
        )));
    }
    if bt.is_object() {
        let stat = as_f64(&bt["stat"]).unwrap_or(f64::NAN);
        b.push(Block::Heading(
            3,
            "Is there a long-run relation? (bounds test)".into(),
        ));
        let (lo, hi) = (&bt["crit_vals"]["lower"], &bt["crit_vals"]["upper"]);
        let keys: Vec<String> = lo
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        let rows = keys
            .iter()
            .filter_map(|k| {
                let pct: f64 = k.parse().ok()?;
                let (l, h) = (as_f64(&lo[k.as_str()])?, as_f64(&hi[k.as_str()])?);
                // 10%, 5%, 1%, 0.1%.
                let size = ((100.0 - pct) * 10.0).round() / 10.0;
                let verdict = if stat > h {
                    "rejects no long-run relation"
                } else if stat < l {
                    "does not reject no long-run relation"
                } else {
                    "inconclusive"
                };
                Some(vec![
                    format!("{size}%"),
                    fmt_num(l, 3),
                    fmt_num(h, 3),
                    fmt_num(stat, 3),
                    verdict.to_string(),
                ])
            })
            .collect();
        b.push(Block::Table(
            vec![
                "Level".into(),
                "I(0) bound".into(),
                "I(1) bound".into(),
                "F".into(),
                "At this level the test".into(),
            ],
            rows,
        ));
        let crit5 = |v: &serde_json::Value| as_f64(&v["95"]).unwrap_or(f64::NAN);
        let (l5, h5) = (crit5(lo), crit5(hi));
        let p_hi = as_f64(&bt["p_values"]["upper"]).unwrap_or(f64::NAN);
        let p_lo = as_f64(&bt["p_values"]["lower"]).unwrap_or(f64::NAN);
        let verdict = if stat > h5 {
            format!(
                "The F statistic, {}, is above the 5% upper bound ({}): whether the series are stationary or not, the data reject the null of no long-run (levels) relation between `{y}` and the regressors ({} under all-I(1) regressors).",
                fmt_num(stat, 3),
                fmt_num(h5, 3),
                p_phrase(p_hi)
            )
        } else if stat < l5 {
            format!(
                "The F statistic, {}, is below the 5% lower bound ({}): the data do not reject the null of no long-run (levels) relation between `{y}` and the regressors ({} even under all-I(0) regressors), so the long-run coefficients below should not be read as an equilibrium.",
                fmt_num(stat, 3),
                fmt_num(l5, 3),
                p_phrase(p_lo)
            )
        } else {
            format!(
                "The F statistic, {}, lies between the 5% bounds ({} and {}): the test is inconclusive; the answer depends on whether the regressors are stationary (see the unit-root tests).",
                fmt_num(stat, 3),
                fmt_num(l5, 3),
                fmt_num(h5, 3)
            )
        };
        b.push(Block::Para(format!(
            "{verdict} Pesaran, Shin and Smith (2001) case {}, k = {} regressors; critical values from their asymptotic tables (I(0): all regressors stationary; I(1): all integrated).",
            bt["case"],
            bt["k"]
        )));
    }
    let lr = &j["long_run"];
    if lr.is_object() {
        b.push(Block::Heading(3, "Long-run coefficients".into()));
        b.push(coef_table(&normal_rows(lr)));
        let lr_rows = normal_rows(lr);
        let readings: Vec<String> = lr_rows
            .iter()
            .filter(|r| !matches!(r.name.as_str(), "const" | "trend"))
            .map(|r| {
                let unlog = |v: &str| {
                    v.strip_prefix("log(")
                        .and_then(|v| v.strip_suffix(')'))
                        .map(String::from)
                };
                let elastic = unlog(y).is_some() && unlog(&r.name).is_some();
                let what = if elastic {
                    format!(
                        "a 1% higher `{}` goes with `{}` {}% {} in the long run",
                        unlog(&r.name).unwrap_or_default(),
                        y.trim_start_matches("log(").trim_end_matches(')'),
                        fmt_num(r.estimate.abs(), 3),
                        if r.estimate >= 0.0 { "higher" } else { "lower" }
                    )
                } else {
                    format!(
                        "a unit higher `{}` goes with `{y}` {} {} in the long run",
                        r.name,
                        fmt_num(r.estimate.abs(), 3),
                        if r.estimate >= 0.0 { "higher" } else { "lower" }
                    )
                };
                format!(
                    "{}{} (95% interval {} to {}; {}).",
                    what.get(0..1).map(str::to_uppercase).unwrap_or_default(),
                    what.get(1..).unwrap_or(""),
                    fmt_num(r.ci.0, 3),
                    fmt_num(r.ci.1, 3),
                    p_phrase(r.pvalue)
                )
            })
            .collect();
        if !readings.is_empty() {
            b.push(Block::List(readings));
        }
    }
    b.push(Block::Heading(3, "ARDL coefficients".into()));
    b.push(coef_table(&coef_rows(j)));
    b
}

/// The error-correction model: long-run (cointegrating) regression, the
/// short-run regression and its adjustment coefficient, and the
/// Engle–Granger test.
fn ecm_blocks(j: &serde_json::Value) -> Vec<Block> {
    let mut b = Vec::new();
    let y = j["y"].as_str().unwrap_or("y");
    let sample = &j["sample"];
    b.push(Block::Para(format!(
        "Engle–Granger two-step error-correction model of `{y}`, {} to {} ({} observations; {} lags of the differences in the short run; short-run covariance `{}`).",
        sample["start"].as_str().unwrap_or("?"),
        sample["end"].as_str().unwrap_or("?"),
        fmt_count(as_f64(&sample["nobs"]).unwrap_or(f64::NAN)),
        j["lags"],
        j["short_run"]["cov_type"].as_str().unwrap_or("nonrobust")
    )));
    let a = as_f64(&j["adjustment"]).unwrap_or(f64::NAN);
    let a_se = as_f64(&j["adjustment_bse"]).unwrap_or(f64::NAN);
    let a_p = as_f64(&j["adjustment_pvalue"]).unwrap_or(f64::NAN);
    let hl = as_f64(&j["half_life"]);
    b.push(Block::Heading(3, "Adjustment to the long run".into()));
    let mut adj = if a < 0.0 && a > -1.0 {
        format!(
            "The adjustment coefficient is {} (s.e. {}, {}): each period about {}% of a gap between `{y}` and its long-run relation closes",
            fmt_num(a, 3),
            fmt_num(a_se, 3),
            p_phrase(a_p),
            fmt_num(-100.0 * a, 2)
        )
    } else {
        format!(
            "The adjustment coefficient is {} (s.e. {}, {}): not between -1 and 0, so the model shows no stable return to the long-run relation",
            fmt_num(a, 3),
            fmt_num(a_se, 3),
            p_phrase(a_p)
        )
    };
    if let Some(h) = hl.filter(|h| h.is_finite()) {
        adj.push_str(&format!(
            "; half of a gap is gone after {} periods",
            fmt_num(h, 2)
        ));
    }
    adj.push('.');
    let c = &j["coint"];
    if c.is_object() {
        let p = as_f64(&c["pvalue"]).unwrap_or(f64::NAN);
        adj.push_str(&format!(
            " The Engle–Granger test of the long-run regression's residuals gives {} ({}, 5% critical value {}): {}.",
            fmt_num(as_f64(&c["statistic"]).unwrap_or(f64::NAN), 3),
            p_phrase(p),
            fmt_num(as_f64(&c["critical_values"]["5%"]).unwrap_or(f64::NAN), 3),
            if p < 0.05 {
                "the series are cointegrated at the 5% level"
            } else {
                "cointegration is not established at the 5% level, so the long-run relation and the adjustment should be read with caution"
            }
        ));
    }
    b.push(Block::Para(adj));
    b.push(Block::Heading(
        3,
        "Long run (cointegrating regression)".into(),
    ));
    b.push(coef_table(&coef_rows(&j["long_run"])));
    b.push(Block::Para(
        "The long-run regression's standard errors are not valid for inference when the series are integrated (the estimates are super-consistent but their distribution is not normal); they are shown for reference.".into(),
    ));
    b.push(Block::Heading(3, "Short run".into()));
    b.push(coef_table(&coef_rows(&j["short_run"])));
    b
}

/// Whether a chart kind is a model check (drawn under "Model checks").
fn is_check(kind: &str) -> bool {
    matches!(kind, "acf" | "residuals")
}

/// "What if ...?": each scenario's forecast at the horizon with its
/// intervals, against the forecast given the path exactly.
fn scenario_blocks(loaded: &Loaded, o: &ModelOutcome) -> Vec<Block> {
    let spec = loaded.spec.models.get(&o.name);
    let title = spec
        .and_then(|s| s.scenario_title.clone())
        .unwrap_or_else(|| "Scenarios".into());
    let mut b = vec![Block::Heading(3, title)];
    let Some(first) = o.scenarios.first() else {
        return b;
    };
    let Some(last) = first.forecast.periods.last().copied() else {
        return b;
    };
    let n = first.forecast.periods.len();
    let names = &first.path.names;
    let unc = o.json["scenario_uncertainty"].as_str().unwrap_or("none");
    let driver = matches!(unc, "driver" | "all");
    let params = matches!(unc, "params" | "all");
    let mut headers = vec!["Scenario".into()];
    headers.extend(names.iter().map(|x| format!("`{x}` in {last}")));
    headers.push(format!("Forecast for {last}"));
    for lv in [0.8, 0.95] {
        headers.push(format!("{}% interval", (lv * 100.0) as i64));
    }
    headers.push("95% interval given the path".into());
    let iv = |f: &crate::forecast::Forecast, lv: f64| {
        f.band(lv).map_or_else(
            || "n/a".into(),
            |bd| {
                format!(
                    "{} to {}",
                    fmt_num(bd.lower[n - 1], 3),
                    fmt_num(bd.upper[n - 1], 3)
                )
            },
        )
    };
    let rows = o
        .scenarios
        .iter()
        .map(|r| {
            let mut row = vec![r.label.clone()];
            row.extend((0..names.len()).map(|j| fmt_num(r.path.values[[n - 1, j]], 3)));
            row.push(fmt_num(r.forecast.point[n - 1], 3));
            row.push(iv(&r.forecast, 0.8));
            row.push(iv(&r.forecast, 0.95));
            row.push(iv(&r.given_path, 0.95));
            row
        })
        .collect();
    b.push(Block::Table(headers, rows));
    let drivers: Vec<String> = o.json["driver_models"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("`{k}`: {}", v["model"].as_str().unwrap_or("ARIMA")))
                .collect()
        })
        .unwrap_or_default();
    let mut text = String::from(
        "Each scenario sets the future path of the regressors from their last observation (observed values are used where published); the model's regression coefficients carry the path into the forecast.",
    );
    if driver {
        text.push_str(&format!(
            " The 80% and 95% intervals also carry the regressors' own uncertainty around the path, from an ARIMA fitted to each ({}); the last column takes the path as known. ",
            drivers.join("; ")
        ));
    } else {
        text.push_str(" The intervals take the path as known. ");
    }
    if params {
        text.push_str("They also carry the uncertainty of the estimated coefficients, the regressors' included (first-order delta method). ");
    }
    if o.scenarios.iter().any(|r| r.name == "driver_forecast") {
        text.push_str("The first row, where each regressor follows its own forecast, is the fan in the chart. ");
    }
    text.push_str(
        "These are conditional forecasts from an association, not causal effects of inflation.",
    );
    b.push(Block::Para(text));
    b
}

/// Builds the briefing document.
pub(crate) fn build(loaded: &Loaded, outcomes: &[ModelOutcome], rendered: &Rendered) -> Doc {
    let s = &loaded.spec.workspace;
    let mut blocks = Vec::new();
    blocks.push(Block::Para(format!(
        "Produced by colcrime {} on {} from the published files listed under *Data and sources*; every number can be traced to its file through `manifest.json`.",
        env!("CARGO_PKG_VERSION"),
        chrono::Utc::now().format("%e %B %Y").to_string().trim()
    )));
    if let Some(q) = &s.question {
        blocks.push(Block::Para(q.clone()));
    }

    blocks.push(Block::Heading(1, "Key points".into()));
    let mut points = Vec::new();
    for name in &s.headline {
        if let Some(series) = loaded.series.get(name) {
            points.extend(headline_points(series));
        }
    }
    for o in outcomes.iter().filter(|o| o.ok()) {
        if o.kind == "ols" {
            let formula = loaded
                .spec
                .models
                .get(&o.name)
                .and_then(|m| m.formula.clone())
                .unwrap_or_default();
            let response = formula.split('~').next().unwrap_or("").trim().to_string();
            for r in coef_rows(&o.json)
                .iter()
                .filter(|r| r.name != "const" && r.pvalue < 0.05)
            {
                points.push(format!(
                    "Model `{}`: {}",
                    o.name,
                    reading(r, &response, is_indicator(loaded, &r.name))
                ));
            }
        }
    }
    let failed: Vec<&ModelOutcome> = outcomes.iter().filter(|o| !o.ok()).collect();
    if !failed.is_empty() {
        points.push(format!(
            "{} model(s) could not be fitted: {} (see below).",
            failed.len(),
            failed
                .iter()
                .map(|o| format!("`{}`", o.name))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    blocks.push(Block::List(points));

    let chart_kind = |c: &RenderedChart| {
        loaded
            .spec
            .charts
            .get(&c.name)
            .map(|s| s.kind.clone())
            .unwrap_or_default()
    };
    let trends: Vec<&RenderedChart> = rendered
        .charts
        .iter()
        .filter(|c| chart_kind(c) == "line")
        .collect();
    if !trends.is_empty() {
        blocks.push(Block::Heading(1, "Trends".into()));
        blocks.extend(trends.into_iter().map(figure));
    }

    blocks.push(Block::Heading(1, "Models".into()));
    // In the order a reader needs them: tests of the data, regressions,
    // long-run relations, the VAR, then forecasts.
    let rank = |k: &str| match k {
        "unit_root" => 0,
        "ols" | "glm" => 1,
        "ardl" | "ecm" => 2,
        "var" => 3,
        _ => 4,
    };
    let mut ordered: Vec<&ModelOutcome> = outcomes.iter().collect();
    ordered.sort_by_key(|o| rank(&o.kind));
    for o in ordered {
        blocks.extend(model_blocks(loaded, o, rendered));
    }

    let checks: Vec<&RenderedChart> = rendered
        .charts
        .iter()
        .filter(|c| is_check(&chart_kind(c)))
        .collect();
    if !checks.is_empty() {
        blocks.push(Block::Heading(1, "Model checks".into()));
        blocks.push(Block::Para(
            "A model's standard errors and intervals assume that what it leaves unexplained is noise: residuals with no pattern over time, no autocorrelation beyond the dashed bounds (plus or minus 1.96 divided by the square root of the number of observations, the approximate 95% range for white noise) and, for the intervals, a roughly normal spread (points close to the line in the Q-Q plot). Spikes outside the bounds at seasonal lags, or a drifting level, mean the model has missed some structure.".into(),
        ));
        blocks.extend(checks.into_iter().map(figure));
    }

    let boroughs: Vec<&RenderedChart> = rendered
        .charts
        .iter()
        .filter(|c| matches!(chart_kind(c).as_str(), "small_multiples" | "bar"))
        .collect();
    if !boroughs.is_empty() {
        blocks.push(Block::Heading(1, "Boroughs".into()));
        blocks.extend(boroughs.into_iter().map(figure));
    }
    if !rendered.errors.is_empty() {
        blocks.push(Block::Heading(2, "Charts that could not be drawn".into()));
        blocks.push(Block::List(
            rendered
                .errors
                .iter()
                .map(|(n, e)| format!("`{n}`: {e}"))
                .collect(),
        ));
    }

    blocks.push(Block::Heading(1, "Data and sources".into()));
    let mut rows = Vec::new();
    for (name, ds) in &loaded.datasets {
        let spec = loaded.spec.sources.get(name);
        let mut files: Vec<(String, String, Option<String>)> = Vec::new();
        for series in &ds.series {
            for p in &series.provenance {
                if !files.iter().any(|f| f.0 == p.file) {
                    files.push((p.file.clone(), p.sha256.clone(), p.release.clone()));
                }
            }
        }
        if files.is_empty() {
            files.push((ds.path.clone(), ds.sha256.clone(), ds.release.clone()));
        }
        for (file, sha, release) in files {
            let rel = std::path::Path::new(&file)
                .strip_prefix(&loaded.dir)
                .map(|p| p.display().to_string())
                .unwrap_or(file.clone());
            rows.push(vec![
                name.clone(),
                spec.and_then(|s| s.title.clone().or(s.publisher.clone()))
                    .unwrap_or_default(),
                rel,
                release.unwrap_or_else(|| "not stated".into()),
                sha.chars().take(12).collect(),
            ]);
        }
    }
    blocks.push(Block::Table(
        vec![
            "Source".into(),
            "Dataset".into(),
            "File".into(),
            "Release".into(),
            "SHA-256 (first 12)".into(),
        ],
        rows,
    ));
    blocks.push(Block::Para(
        "All data are Crown copyright or GLA data published under the Open Government Licence v3.0.".into(),
    ));
    blocks.push(Block::Heading(1, "Methods and caveats".into()));
    blocks.push(Block::List(vec![
        "Crime figures are offences recorded by the Metropolitan Police (London Datastore borough files); recording practice changes over time, and police-recorded crime is not a measure of victimisation.".into(),
        "London totals sum the 32 boroughs (and the City of London where present); offences recorded at Heathrow and London City airports or with an unknown borough are excluded.".into(),
        "The 2023 burglary reclassification is bridged by summing the old and new residential-burglary categories; fraud is not analysed because its recording moved to Action Fraud in 2013-14.".into(),
        "Rates per 100,000 use census populations (2011, 2021) interpolated linearly between census years and extended on the 2011-2021 trend after 2021.".into(),
        "Regressions are fitted by QR-based least squares; standard errors are Newey-West (HAC, Bartlett kernel) where stated. Time-series models are fitted by exact Gaussian maximum likelihood (Kalman filter); forecasts of logged series are shown as medians with log-normal intervals.".into(),
        "Periods with missing data (suppressed or not yet published) are left out, never treated as zero; an incomplete final quarter is not shown.".into(),
    ]));
    Doc {
        title: s.title.clone(),
        blocks,
    }
}
