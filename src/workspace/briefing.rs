//! The briefing's words and tables: key points computed from the data,
//! each model's results with a plain-English reading, forecasts, charts,
//! sources and caveats.

use super::build::Loaded;
use super::charts::{Rendered, RenderedChart};
use super::models::ModelOutcome;
use crate::doc::words::{fmt_num, pct};
use crate::doc::{Block, Doc};
use crate::evidence::table::{Evidence, plain};
use crate::series::{Measure, Series};

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
            "**{}**: {} in the 12 months to {}, {} on the previous 12 months",
            s.title,
            fmt_num(this, 3),
            last.words(),
            pct(100.0 * (this / prev - 1.0))
        );
        if let Some(p19) = pre.filter(|v| v.is_finite()) {
            t.push_str(&format!(
                " and {} on calendar year 2019 ({})",
                pct(100.0 * (this / p19 - 1.0)),
                fmt_num(p19, 3)
            ));
        }
        t.push_str(&format!(" (data {} to {}).", first.words(), last.words()));
        out.push(t);
    } else {
        let year_ago = s.get(last.offset(-per_year)).unwrap_or(f64::NAN);
        let (imax, vmax) = s.iter().filter(|(_, v)| v.is_finite()).fold(
            (first, f64::NEG_INFINITY),
            |acc, (p, v)| {
                if v > acc.1 { (p, v) } else { acc }
            },
        );
        let since_2019: Vec<(crate::series::Period, f64)> = s
            .iter()
            .filter(|(p, v)| v.is_finite() && p.year_number() >= 2019)
            .collect();
        let high = since_2019.iter().copied().fold(
            None,
            |acc: Option<(crate::series::Period, f64)>, (p, v)| match acc {
                Some((_, b)) if b >= v => acc,
                _ => Some((p, v)),
            },
        );
        let low = since_2019.iter().copied().fold(
            None,
            |acc: Option<(crate::series::Period, f64)>, (p, v)| match acc {
                Some((_, b)) if b <= v => acc,
                _ => Some((p, v)),
            },
        );
        let mut t = format!(
            "**{}**: {}{unit} in {}, against {}{unit} a year earlier",
            s.title,
            fmt_num(v_last, 3),
            last.words(),
            fmt_num(year_ago, 3)
        );
        if let (Some((hp, hv)), Some((lp, lv))) = (high, low) {
            t.push_str(&format!(
                "; since 2019 it ranged from {}{unit} ({}) to {}{unit} ({})",
                fmt_num(lv, 3),
                lp.words(),
                fmt_num(hv, 3),
                hp.words()
            ));
        } else {
            t.push_str(&format!(
                "; its highest was {}{unit} in {}",
                fmt_num(vmax, 3),
                imax.words()
            ));
        }
        t.push('.');
        out.push(t);
    }
    out
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
    if let Some(r) = &o.report {
        b.extend(r.sections.iter().cloned());
    }
    if let Some(f) = o.forecast() {
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
        if let (Some(h), Some(last)) = (o.history(), f.periods.last()) {
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
    if !o.scenarios().is_empty() {
        b.extend(scenario_blocks(loaded, o));
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
    let Some(first) = o.scenarios().first() else {
        return b;
    };
    let Some(last) = first.forecast.periods.last().copied() else {
        return b;
    };
    let n = first.forecast.periods.len();
    let names = &first.path.names;
    let unc = o
        .report
        .as_ref()
        .and_then(|r| r.scenario_uncertainty())
        .unwrap_or("none");
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
        .scenarios()
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
    let drivers: Vec<String> = o
        .report
        .as_ref()
        .map(|r| {
            r.driver_models()
                .iter()
                .map(|(k, m)| format!("`{k}`: {m}"))
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
    if o.scenarios().iter().any(|r| r.name == "driver_forecast") {
        text.push_str("The first row, where each regressor follows its own forecast, is the fan in the chart. ");
    }
    text.push_str(
        "These are conditional forecasts from an association, not causal effects of inflation.",
    );
    b.push(Block::Para(text));
    b
}

/// Builds the briefing document.
pub(crate) fn build(
    loaded: &Loaded,
    outcomes: &[ModelOutcome],
    rendered: &Rendered,
    evidence: Option<&Evidence>,
    replication: Option<&std::result::Result<crate::evidence::replication::Replication, String>>,
    products: Option<&super::evidence::EvidenceRun>,
) -> Doc {
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

    blocks.push(Block::Heading(1, "Key points".into()).for_summary());
    let mut points = Vec::new();
    for name in &s.headline {
        if let Some(series) = loaded.series.get(name) {
            points.extend(headline_points(series));
        }
    }
    if let Some(e) = evidence {
        points.extend(evidence_headline(e));
    }
    if let Some(p) = products {
        points.extend(product_points(&p.products));
    }
    for o in outcomes.iter().filter(|o| o.ok()) {
        if let Some(p) = skill_point(loaded, o) {
            points.push(p);
        }
    }
    let failed: Vec<&ModelOutcome> = outcomes.iter().filter(|o| !o.ok()).collect();
    if !failed.is_empty() {
        points.push(format!(
            "{} model(s) could not be fitted: {} (see below).",
            failed.len(),
            failed
                .iter()
                .map(|o| o.name.clone())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    blocks.push(Block::List(points).for_summary());

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
        .filter(|c| {
            // Scatter charts of two series (no model) sit with the trends.
            let model = loaded
                .spec
                .charts
                .get(&c.name)
                .and_then(|s| s.model.as_ref());
            chart_kind(c) == "line" || (chart_kind(c) == "scatter" && model.is_none())
        })
        .collect();
    if !trends.is_empty() {
        blocks.push(Block::Heading(1, "Trends".into()));
        blocks.extend(trends.into_iter().map(figure));
    }

    if let Some(e) = evidence {
        blocks.push(Block::Heading(
            1,
            "Evidence: crime and the cost of living".into(),
        ));
        if let Some(r) = &loaded.spec.review {
            blocks.push(Block::Heading(2, "Definitions".into()));
            blocks.push(Block::List(definitions(loaded, r)));
        }
        blocks.push(Block::Heading(2, "What the models say".into()));
        blocks.push(Block::List(evidence_points(e)));
        blocks.extend(crate::evidence::table::blocks(e));
    }
    match replication {
        Some(Ok(r)) => {
            blocks.push(Block::Heading(2, "Replication of published work".into()));
            blocks.extend(crate::evidence::replication::blocks(r));
        }
        Some(Err(e)) => {
            blocks.push(Block::Heading(2, "Replication of published work".into()));
            blocks.push(Block::Para(format!(
                "The published study named in the workspace could not be read, so it was not replicated: {e}"
            )));
        }
        None => {}
    }
    if let Some(p) = products {
        blocks.extend(p.blocks());
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
    blocks.extend(series_ends_blocks(loaded));
    blocks.push(Block::Heading(1, "Methods and caveats".into()));
    blocks.push(Block::List(vec![
        "Crime figures are offences recorded by the Metropolitan Police (London Datastore borough files); recording practice changes over time, and police-recorded crime is not a measure of victimisation.".into(),
        "London totals sum the 32 boroughs (and the City of London where present); offences recorded at Heathrow and London City airports or with an unknown borough are excluded.".into(),
        "The 2023 burglary reclassification is bridged by summing the old and new residential-burglary categories; fraud is not analysed because its recording moved to Action Fraud in 2013-14.".into(),
        "Rates per 100,000 use census populations (2011, 2021) interpolated linearly between census years and extended on the 2011-2021 trend after 2021.".into(),
        "Regressions are fitted by QR-based least squares; standard errors are Newey-West (HAC, Bartlett kernel) where stated. Time-series models are fitted by exact Gaussian maximum likelihood (Kalman filter); forecasts of logged series are shown as medians with log-normal intervals.".into(),
        "Periods with missing data (suppressed or not yet published) are left out, never treated as zero; an incomplete final quarter is not shown.".into(),
    ]));
    mark_summary_charts(&mut blocks, loaded, rendered);
    Doc {
        title: s.title.clone(),
        blocks,
    }
}

/// Every series of the workspace with its definition and the periods it
/// covers: official series are published on different calendars, so they
/// end at different periods, and the briefing says where each one stops.
fn series_ends_blocks(loaded: &Loaded) -> Vec<Block> {
    let mut rows = Vec::new();
    let mut lasts = std::collections::BTreeSet::new();
    for (name, s) in &loaded.series {
        let Some((first, last)) = s.observed_span() else {
            continue;
        };
        lasts.insert(last.first_day());
        let title = loaded
            .spec
            .series
            .get(name)
            .and_then(|sp| sp.title.clone())
            .unwrap_or_else(|| s.title.clone());
        rows.push(vec![
            format!("`{name}`"),
            title,
            s.freq().name().to_string(),
            first.to_string(),
            last.to_string(),
        ]);
    }
    if rows.is_empty() {
        return Vec::new();
    }
    let mut out = vec![Block::Heading(2, "Series and where they end".into())];
    out.push(Block::Para(if lasts.len() > 1 {
        "The series end at different periods, each at its publisher's latest release. A model uses the periods in which all its series are observed, and says so under *Models*; a forecast starts after the last period of the series it forecasts, with any regressor that ends earlier filled from its own forecast.".to_string()
    } else {
        "Every series ends in the same period.".to_string()
    }));
    out.push(Block::Table(
        vec![
            "Series".into(),
            "Definition".into(),
            "Frequency".into(),
            "First".into(),
            "Last".into(),
        ],
        rows,
    ));
    out
}

/// Marks the summary's charts (at most [`crate::doc::SUMMARY_FIGURES`]):
/// those whose workspace table says `summary = true`, or else the first
/// trend, the first borough comparison and the first forecast.
fn mark_summary_charts(blocks: &mut [Block], loaded: &Loaded, rendered: &Rendered) {
    let spec_of = |c: &RenderedChart| loaded.spec.charts.get(&c.name);
    let kind_of = |c: &RenderedChart| spec_of(c).map(|s| s.kind.as_str()).unwrap_or("");
    let mut chosen: Vec<&str> = rendered
        .charts
        .iter()
        .filter(|c| spec_of(c).and_then(|s| s.summary) == Some(true))
        .map(|c| c.stem.as_str())
        .collect();
    if chosen.is_empty() {
        for kinds in [&["line"][..], &["bar", "small_multiples"], &["fan"]] {
            let first = kinds.iter().find_map(|k| {
                rendered
                    .charts
                    .iter()
                    .find(|c| kind_of(c) == *k)
                    .map(|c| c.stem.as_str())
            });
            chosen.extend(first);
        }
    }
    for b in blocks.iter_mut() {
        if let Block::Figure { stem, .. } = b
            && chosen.contains(&stem.as_str())
        {
            *b = b.clone().for_summary();
        }
    }
}

/// One key point per crime: how many models find it higher or lower with
/// each driver, from the evidence summary (never the significant rows
/// alone), and a closing point on the whole table.
fn evidence_points(e: &Evidence) -> Vec<String> {
    let mut out = Vec::new();
    for c in e.crimes() {
        let parts: Vec<String> = e
            .summary
            .iter()
            .filter(|s| s.crime == c)
            .map(|s| {
                let d = plain(&s.driver);
                match (s.models_positive, s.models_negative) {
                    (0, 0) => format!("no link with {d} (0 of {})", s.models_total),
                    (p, 0) => format!("higher with {d} in {p} of {}", s.models_total),
                    (0, m) => format!("lower with {d} in {m} of {}", s.models_total),
                    (p, m) => format!(
                        "conflicting on {d} (higher in {p}, lower in {m} of {})",
                        s.models_total
                    ),
                }
            })
            .collect();
        let rows: Vec<_> = e.rows.iter().filter(|r| r.crime == c).collect();
        let q05 = rows.iter().filter(|r| r.q < 0.05).count();
        let mut name = plain(c);
        if let Some(f) = name.get_mut(0..1) {
            f.make_ascii_uppercase();
        }
        out.push(format!(
            "**{name}** and the cost of living: {}; {q05} of its {} estimates have q < 0.05 after adjusting for every test in the table.",
            parts.join("; "),
            rows.len()
        ));
    }
    let q05 = e.rows.iter().filter(|r| r.q < 0.05).count();
    out.push(format!(
        "Across all {} estimates (every crime type, driver and model family), {q05} have q < 0.05. These are associations over time, not effects: prices, pay and crime all moved with the pandemic, policing and the wider economy, and none of these models can separate them.",
        e.rows.len()
    ));
    out
}

/// A forecasting model's skill against the naive forecasts in one point,
/// when it was backtested.
fn skill_point(loaded: &Loaded, o: &ModelOutcome) -> Option<String> {
    use super::skill::{Best, Skill, benchmark_path, step_word};
    let skill = Skill::of(o)?;
    let r = o.report.as_ref()?;
    let what = r
        .history
        .as_ref()
        .map(|h| h.name.clone())
        .and_then(|n| loaded.series.get(&n).map(|s| s.title.clone()))
        .or_else(|| r.history.as_ref().map(|h| h.title.clone()))
        .unwrap_or_else(|| o.name.clone());
    let one = skill.one;
    let (best, best_mae) = skill.best();
    let step = r.history.as_ref().map_or("step", step_word);
    let verdict = if best == Best::Model {
        format!(
            "it beat the no-change and same-period-last-year forecasts one {step} ahead (MAE {} against {} and {})",
            fmt_num(one.mae, 3),
            fmt_num(one.naive_mae, 3),
            fmt_num(one.snaive_mae, 3)
        )
    } else {
        // The headline is the forecast that did best, at the horizon.
        let headline = match (r.history.as_ref(), r.forecast.as_ref()) {
            (Some(h), Some(f)) => benchmark_path(best, h, f)
                .and_then(|p| Some((*p.last()?, *f.periods.last()?)))
                .map(|(v, p)| {
                    format!(
                        "; on it, {what} would be about {} in {}",
                        fmt_num(v, 3),
                        p.words()
                    )
                })
                .unwrap_or_default(),
            _ => String::new(),
        };
        format!(
            "{} did better one {step} ahead (MAE {} against the model's {}), so the headline forecast is that one, not the model's{headline}",
            best.words(),
            fmt_num(best_mae, 3),
            fmt_num(one.mae, 3)
        )
    };
    let regressors: Vec<String> = loaded
        .spec
        .models
        .get(&o.name)
        .map(|m| m.options.regressors())
        .unwrap_or_default()
        .iter()
        .map(|x| {
            loaded
                .series
                .get(x.as_str())
                .map_or_else(|| x.clone(), |s| s.title.clone())
        })
        .collect();
    let with = if regressors.is_empty() {
        String::new()
    } else {
        format!(" (with {} as regressor)", regressors.join(" and "))
    };
    Some(format!(
        "**Forecast of {what}{with}**: backtested from {} origins, {verdict}; over all horizons the model's 95% intervals held {} of outturns.",
        skill.bt.origins.len(),
        crate::doc::words::share(skill.coverage_95())
    ))
}

/// The definitions of the review's series: each crime type and driver by
/// its title and how it is made.
fn definitions(loaded: &Loaded, r: &super::review::ReviewSpec) -> Vec<String> {
    let mut out: Vec<String> = r
        .crimes
        .iter()
        .map(|(id, c)| {
            let title = loaded
                .series
                .get(&c.series)
                .map(|s| s.title.clone())
                .unwrap_or_else(|| c.series.clone());
            format!(
                "**{}** ({title}): {}",
                plain(id),
                c.definition
                    .clone()
                    .unwrap_or_else(|| "offences recorded by the Metropolitan Police, summed over the London boroughs and the quarter".into())
            )
        })
        .collect();
    out.extend(r.drivers.iter().map(|(id, name)| {
        let title = loaded
            .series
            .get(name)
            .map(|s| {
                format!(
                    "{} ({})",
                    s.title,
                    if s.unit.is_empty() { "%" } else { &s.unit }
                )
            })
            .unwrap_or_else(|| name.clone());
        format!("**{}**: {title}, quarterly average", plain(id))
    }));
    out.push(format!(
        "Samples run from {} to the latest quarter with every series observed; the pre-Covid estimates stop at {}.",
        r.start, r.pre_covid_end
    ));
    out
}

/// A count in words up to twelve ("ten"), in digits above.
fn number_word(n: usize) -> String {
    const WORDS: [&str; 13] = [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    WORDS
        .get(n)
        .map_or_else(|| n.to_string(), |w| (*w).to_string())
}

/// How many different values `items` holds.
fn distinct<'a>(items: impl Iterator<Item = &'a str>) -> usize {
    items.collect::<std::collections::BTreeSet<_>>().len()
}

/// The evidence table in two key points: which crime types rise with a
/// rising cost of living in most of their models (none against), and the
/// count of estimates that survive the adjustment for multiple tests.
fn evidence_headline(e: &Evidence) -> Vec<String> {
    // A rising cost of living: higher CPI or food inflation, lower real
    // earnings growth.
    let directions = [
        ("cpi_inflation", 1usize, 0usize),
        ("food_inflation", 1, 0),
        ("real_earnings_growth", 0, 1),
    ];
    let mut linked = Vec::new();
    let mut not = Vec::new();
    for c in e.crimes() {
        let hit = directions.iter().find_map(|(d, up, _)| {
            let s = e.summary_of(c, d)?;
            let (with, against) = if *up == 1 {
                (s.models_positive, s.models_negative)
            } else {
                (s.models_negative, s.models_positive)
            };
            (2 * with > s.models_total && against == 0).then(|| {
                format!(
                    "{} ({}, {with} of {} models)",
                    plain(c),
                    plain(d),
                    s.models_total
                )
            })
        });
        match hit {
            Some(h) => linked.push(h),
            None => not.push(plain(c)),
        }
    }
    let q05 = e.rows.iter().filter(|r| r.q < 0.05).count();
    vec![
        format!(
            "**Crime and the cost of living, every model counted**: most models find a crime type higher when the cost of living rises for {}; for {} there is no consistent link with CPI inflation, food inflation or real earnings growth (models split, or most find none).",
            if linked.is_empty() {
                "no crime type".to_string()
            } else {
                linked.join(", ")
            },
            if not.is_empty() {
                "none".to_string()
            } else {
                not.join(", ")
            }
        ),
        format!(
            "Of all {} estimates ({} crime types, {} drivers, {} model families), {q05} have q < 0.05 after the Benjamini-Hochberg adjustment. These are associations over time, not effects: prices, pay and crime all moved with the pandemic, policing and the wider economy, and none of these models can separate them.",
            e.rows.len(),
            number_word(e.crimes().len()),
            number_word(distinct(e.rows.iter().map(|r| r.driver.as_str()))),
            number_word(distinct(e.rows.iter().map(|r| r.model.as_str()))),
        ),
    ]
}

/// Key points of the data-only products: ward concentration, London
/// against the rest of England and Wales, and the claims checked.
fn product_points(p: &crate::evidence::Products) -> Vec<String> {
    let mut out = Vec::new();
    let h = &p.hotspots;
    let shares: Vec<String> = h
        .ordered()
        .iter()
        .map(|o| {
            format!(
                "{} of {}",
                pct_share(o.share_top_10pct),
                o.label.to_lowercase()
            )
        })
        .collect();
    if let Some(first) = h.ordered().first() {
        let leader = first
            .top
            .first()
            .map(|w| {
                format!(
                    " {} ({}) recorded the most {}.",
                    w.ward,
                    w.borough,
                    first.label.to_lowercase()
                )
            })
            .unwrap_or_default();
        out.push(format!(
            "**Ward hotspots** ({}): the busiest tenth of London's {} wards recorded {}.{leader}",
            crate::evidence::hotspots::period_words(&first.period),
            first.wards,
            shares.join(", ")
        ));
    }
    let l = &p.london_vs_ew;
    let rates: Vec<String> = l
        .rows
        .iter()
        .filter(|r| {
            matches!(
                r.offence.as_str(),
                "robbery" | "shoplifting" | "theft_from_person" | "violence_with_injury"
            )
        })
        .filter_map(|r| {
            let (a, b) = (r.london_rate_per_1000?, r.rest_rate_per_1000?);
            Some(format!(
                "{} {} against {}",
                r.label.to_lowercase(),
                fmt_num(a, 2),
                fmt_num(b, 2)
            ))
        })
        .collect();
    if !rates.is_empty() {
        out.push(format!(
            "**London against the rest of England and Wales** ({}, offences per 1,000 residents): {}.",
            l.period,
            rates.join("; ")
        ));
    }
    if !p.claims.is_empty() {
        out.push(format!(
            "**Public claims checked** (Mayor of London, May 2024): {}.",
            p.claims
                .claims
                .iter()
                .map(|c| format!("{}: {}", short_claim(&c.id), c.verdict.as_str()))
                .collect::<Vec<_>>()
                .join("; ")
        ));
    }
    out
}

/// A share as a whole percentage.
fn pct_share(v: f64) -> String {
    format!("{:.0}%", 100.0 * v)
}

/// A claim's id in words.
fn short_claim(id: &str) -> String {
    match id {
        "robbery_back_to_pre_covid" => "robbery back to pre-Covid levels".into(),
        "violence_lower_in_london" => "violence lower in London".into(),
        "burglary_down_since_2016" => "London burglary down since 2016".into(),
        "cost_of_living_link" => "a stark link with the cost of living".into(),
        other => other.replace('_', " "),
    }
}
