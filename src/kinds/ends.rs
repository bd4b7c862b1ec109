//! Where the series of a model end. Official series are published on
//! different calendars, so on any day a model's series usually end at
//! different periods (a ragged edge); a model uses the periods where all
//! of them are observed, and its report says where each one stopped.

use serde_json::{Map, Value};

use super::{ModelData, Report};
use crate::doc::Block;
use crate::series::{Frame, Period};

/// The frame's columns that `texts` (formulas or expressions) name, in
/// the order of their first mention.
///
/// ```
/// # use colcrime::series::Frame;
/// # use colcrime::kinds::named_columns;
/// let f = Frame::from_csv_str("d.csv", "date,y,cpi,cpi_q\n2020 Q1,1,2,3\n")?;
/// assert_eq!(named_columns(&f, &["growth(y, 4) ~ cpi_q + lag(cpi_q, 1)".into()]), ["y", "cpi_q"]);
/// # Ok::<(), colcrime::Error>(())
/// ```
pub fn named_columns(frame: &Frame, texts: &[String]) -> Vec<String> {
    let names = frame.names();
    let mut out: Vec<String> = Vec::new();
    for t in texts {
        let tokens = t.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'));
        for tok in tokens {
            if names.contains(&tok) && !out.iter().any(|o| o == tok) {
                out.push(tok.to_string());
            }
        }
    }
    out
}

/// Each series' last observed period within the model's rows.
fn ends(data: &ModelData<'_>, columns: &[String]) -> Vec<(String, Period)> {
    let rows = data.rows.clone();
    columns
        .iter()
        .filter_map(|c| {
            let v = data.frame.column(c).ok()?;
            let last = rows
                .clone()
                .rev()
                .find(|&i| v.get(i).is_some_and(|x| x.is_finite()))?;
            Some((c.clone(), data.period(last)?))
        })
        .collect()
}

/// Records in `report` where each series the model names (`expressions`)
/// ends: `series_ends` in the JSON (unless the kind wrote its own) and
/// the typed field, and, when they end at different periods, a sentence
/// for the briefing and a line of the table. Nothing for a model of one
/// series or undated data.
pub(crate) fn record(report: &mut Report, expressions: &[String], data: &ModelData<'_>) {
    if data.frame.index.is_none() {
        return;
    }
    let columns = named_columns(data.frame, expressions);
    if columns.len() < 2 {
        return;
    }
    let ends = ends(data, &columns);
    if !report.json.contains_key("series_ends") {
        let m: Map<String, Value> = ends
            .iter()
            .map(|(n, p)| (n.clone(), p.to_string().into()))
            .collect();
        report.json.insert("series_ends".into(), Value::Object(m));
    }
    let differ = ends.windows(2).any(|w| w[0].1 != w[1].1);
    if differ {
        let list: Vec<String> = ends.iter().map(|(n, p)| format!("`{n}` in {p}")).collect();
        let sample = report
            .sample
            .map(|(a, b)| format!(" (its sample runs from {a} to {b})"))
            .unwrap_or_default();
        report.sections.push(Block::Para(format!(
            "**Where the series end**: {}. The model uses the periods in which all of them are observed{sample}.",
            list.join(", ")
        )));
        report.table.push_str(&format!(
            "\nThe series end at different periods: {}\n",
            ends.iter()
                .map(|(n, p)| format!("{n} {p}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    report.series_ends = ends;
}
