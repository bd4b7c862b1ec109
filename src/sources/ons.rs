//! ONS time-series CSV and ONS / Bank of England JSON snapshots.
//!
//! The CSV has seven quoted metadata rows (`Title`, `CDID`, `Source dataset
//! ID`, `PreUnit`, `Unit`, `Release date` DD-MM-YYYY, `Next release`), an
//! `"Important notes",` row, then `"YYYY"`, `"YYYY Qn"` and `"YYYY MON"`
//! rows. Each frequency present becomes one series named by the CDID.
//!
//! ```
//! use colcrime::series::{Frequency, Measure};
//! let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
//!     .join("notebooks-data/ons_labour_market/kab9_awe_total_pay_level_rel2022-06-14.csv");
//! let ds = colcrime::sources::read(&path).unwrap();
//! let m = ds.select("KAB9", Some(Frequency::Monthly)).unwrap();
//! assert!(m.unit.starts_with('£'));
//! assert_eq!(m.measure, Measure::Level);
//! ```

use std::collections::HashMap;

use super::{Dataset, Input, csv_error, number};
use crate::error::{Error, Result};
use crate::series::period::month_from_name;
use crate::series::{Frequency, Measure, Period, Series};

/// The metadata keys of an ONS time-series CSV, in order.
const ONS_KEYS: [&str; 7] = [
    "Title",
    "CDID",
    "Source dataset ID",
    "PreUnit",
    "Unit",
    "Release date",
    "Next release",
];

/// Parses an ONS period label: `2024`, `2024 Q1`, `2024 JAN`.
///
/// ```
/// use colcrime::sources::ons::parse_ons_period;
/// use colcrime::series::Period;
/// assert_eq!(parse_ons_period("2024 MAR"), Some(Period::month(2024, 3).unwrap()));
/// assert_eq!(parse_ons_period("2024 Q2"), Some(Period::quarter(2024, 2).unwrap()));
/// assert_eq!(parse_ons_period("2024 FOO"), None);
/// ```
pub fn parse_ons_period(s: &str) -> Option<Period> {
    let s = s.trim();
    let y: i32 = s.get(..4)?.parse().ok()?;
    if !s.get(..4)?.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let rest = s.get(4..)?;
    if rest.is_empty() {
        return Some(Period::year(y));
    }
    let rest = rest.strip_prefix(' ')?;
    if let Some(q) = rest.strip_prefix('Q') {
        return Period::quarter(y, q.parse().ok()?).ok();
    }
    if rest.len() == 3 && rest.bytes().all(|c| c.is_ascii_alphabetic()) {
        return Period::month(y, month_from_name(rest)?).ok();
    }
    None
}

/// `DD-MM-YYYY` → `YYYY-MM-DD`.
fn dmy_to_iso(s: &str) -> Option<String> {
    let d = chrono::NaiveDate::parse_from_str(s.trim(), "%d-%m-%Y").ok()?;
    Some(d.format("%Y-%m-%d").to_string())
}

/// The measure implied by a unit and title.
fn measure_of(unit: &str, title: &str) -> Measure {
    let u = unit.to_ascii_lowercase();
    if u.trim() == "%" || u.contains("percent") {
        Measure::Rate
    } else if u.contains("index") || title.to_ascii_lowercase().contains(" index") {
        Measure::Index
    } else {
        Measure::Level
    }
}

/// Reads an ONS time-series CSV.
pub(crate) fn read_csv(input: &Input<'_>) -> Result<Dataset> {
    let text = input.text()?;
    let loc = input.loc();
    // Every field is quoted: a last line that does not end in a quote was cut.
    let last = text.trim_end_matches(['\n', '\r']);
    let nlines = last.split('\n').count() as u64;
    if !last.ends_with('"') && !last.ends_with("\",") {
        return Err(Error::format(
            loc.line(nlines),
            "the file is truncated: the last line does not end with a closing quote",
        ));
    }
    // A last line without its line break that holds no value (cut just
    // after the comma, `"2025 NOV",`, or just after the value's opening
    // quote, `"2025 NOV","`) was cut too: read as written it would add a
    // fake missing month, and a re-fit would record the file as a release.
    let last_line = last.rsplit('\n').next().unwrap_or(last);
    let cut = !text.ends_with('\n')
        && (last_line.matches('"').count() % 2 == 1
            || last_line.trim_end().ends_with(',')
            || last_line.trim_end().ends_with(",\"\""));
    if cut && !last_line.starts_with("\"Important notes\"") {
        return Err(Error::format(
            loc.line(nlines)
                .column_index(last_line.chars().count() as u64 + 1),
            "the file is truncated: its last line has no value and no line break (the download was cut); download the file again",
        ));
    }
    let mut meta: Vec<String> = Vec::new();
    let mut by_freq: HashMap<Frequency, Vec<(Period, f64)>> = HashMap::new();
    let mut seen: HashMap<Period, u64> = HashMap::new();
    let mut rdr = super::csv_reader(text);
    let mut rec = csv::StringRecord::new();
    let mut row = 0usize;
    loop {
        match rdr.read_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(csv_error(loc, &e)),
        }
        let line = rec.position().map_or(row as u64 + 1, |p| p.line());
        if rec.len() > 2 {
            return Err(Error::parse(
                loc.line(line).column_index(3),
                "2 fields (a period or label, then a value)",
                format!("{} fields", rec.len()),
            ));
        }
        let key = rec.get(0).unwrap_or("");
        if row < ONS_KEYS.len() {
            let want = ONS_KEYS.get(row).copied().unwrap_or("");
            if key != want {
                return Err(Error::parse(
                    loc.line(line).column_index(1),
                    format!("the metadata row \"{want}\""),
                    key,
                ));
            }
            meta.push(rec.get(1).unwrap_or("").to_string());
            row += 1;
            continue;
        }
        row += 1;
        if key == "Important notes" || (rec.len() == 1 && key.is_empty()) {
            continue;
        }
        let p = parse_ons_period(key).ok_or_else(|| {
            Error::parse(
                loc.clone().line(line).column_index(1),
                "a period \"YYYY\", \"YYYY Qn\" or \"YYYY MON\"",
                key,
            )
        })?;
        let cell = rec.get(1).ok_or_else(|| {
            Error::parse(loc.clone().line(line).column_index(2), "a value", "nothing")
        })?;
        let v = number(&loc, line, 1, "value", cell)?;
        if let Some(first) = seen.insert(p, line) {
            return Err(Error::parse(
                loc.line(line).column_index(1),
                format!("a period not already given (first on line {first})"),
                key,
            ));
        }
        by_freq.entry(p.freq()).or_default().push((p, v));
    }
    if meta.len() < ONS_KEYS.len() {
        return Err(Error::format(
            loc.line(meta.len() as u64 + 1),
            format!(
                "the file is truncated: expected the metadata row \"{}\"",
                ONS_KEYS.get(meta.len()).copied().unwrap_or("")
            ),
        ));
    }
    let get = |i: usize| meta.get(i).map(String::as_str).unwrap_or("");
    let (title, cdid, dataset_id, pre, unit, release) =
        (get(0), get(1), get(2), get(3), get(4), get(5));
    if cdid.trim().is_empty() {
        return Err(Error::parse(
            loc.line(2).column_index(2).column("CDID"),
            "a series id",
            cdid,
        ));
    }
    let release = dmy_to_iso(release).ok_or_else(|| {
        Error::parse(
            loc.clone().line(6).column_index(2).column("Release date"),
            "a date DD-MM-YYYY",
            release,
        )
    })?;
    if by_freq.is_empty() {
        return Err(Error::format(
            loc.line(row as u64),
            "no data rows after the metadata",
        ));
    }
    let unit_full = format!("{pre}{unit}");
    let mut ds = input.dataset();
    ds.release = Some(release.clone());
    let prov = input.provenance(cdid, Some(&release), Some(title));
    for freq in [Frequency::Annual, Frequency::Quarterly, Frequency::Monthly] {
        if let Some(pairs) = by_freq.remove(&freq) {
            let s = Series::from_pairs(cdid, pairs)?
                .with_title(title)
                .with_unit(&unit_full)
                .with_measure(measure_of(unit, title))
                .with_provenance(prov.clone());
            ds.series.push(s);
        }
    }
    ds.notes
        .push(format!("dataset {dataset_id}, next release {}", get(6)));
    Ok(ds)
}

/// Reads an ONS / BoE JSON snapshot.
pub(crate) fn read_json(input: &Input<'_>) -> Result<Dataset> {
    let loc = input.loc();
    let v: serde_json::Value =
        serde_json::from_slice(super::strip_bom(input.bytes)).map_err(|e| {
            Error::parse(
                loc.clone()
                    .line(e.line() as u64)
                    .column_index(e.column() as u64),
                "valid JSON",
                e.to_string(),
            )
        })?;
    let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
    let name = s("cdid").or_else(|| s("series")).ok_or_else(|| {
        Error::format(
            loc.clone(),
            "JSON snapshot has neither a \"cdid\" nor a \"series\" key",
        )
    })?;
    let title = s("title").unwrap_or_else(|| name.clone());
    let unit = s("units").unwrap_or_default();
    let release = s("release_updated")
        .or_else(|| s("vintage"))
        .map(|r| r.chars().take(10).collect::<String>());
    let obs = v
        .get("observations")
        .and_then(|o| o.as_array())
        .ok_or_else(|| Error::format(loc.clone(), "\"observations\" is not an array"))?;
    let mut pairs: Vec<(Period, f64)> = Vec::with_capacity(obs.len());
    let mut daily: std::collections::BTreeMap<Period, (f64, usize)> = Default::default();
    let mut seen_days = std::collections::HashSet::new();
    let mut seen = HashMap::new();
    let mut first_kind: Option<(&str, usize)> = None;
    for (i, o) in obs.iter().enumerate() {
        let col = |f: &str| {
            let at = observation_position(input.bytes, i);
            let l = loc.clone().column(format!("observations[{i}].{f}"));
            match at {
                Some((line, c)) => l.line(line).column_index(c),
                None => l,
            }
        };
        let ps = o.get("period").and_then(|p| p.as_str()).ok_or_else(|| {
            Error::parse(
                col("period"),
                "a period string",
                o.get("period").map(|p| p.to_string()).unwrap_or_default(),
            )
        })?;
        let val = match o.get("value") {
            None | Some(serde_json::Value::Null) => f64::NAN,
            Some(serde_json::Value::Number(n)) => n.as_f64().unwrap_or(f64::NAN),
            Some(serde_json::Value::String(t)) => crate::series::frame::parse_number(t)
                .ok_or_else(|| Error::parse(col("value"), "a number", t.as_str()))?,
            Some(other) => return Err(Error::parse(col("value"), "a number", other.to_string())),
        };
        let bad = || Error::parse(col("period"), "a period YYYYQn, YYYY-MM or YYYY-MM-DD", ps);
        let t = ps.trim();
        // Every observation has the frequency of the first, named where
        // one does not.
        let kind = match t.len() {
            10 => "daily",
            6 => "quarterly",
            7 => "monthly",
            4 => "yearly",
            _ => return Err(bad()),
        };
        match first_kind {
            None => first_kind = Some((kind, i)),
            Some((k, at)) if k != kind => {
                return Err(Error::parse(
                    col("period"),
                    format!(
                        "a {k} period like the first observation's (observations[{at}]): a snapshot cannot mix frequencies"
                    ),
                    ps,
                ));
            }
            Some(_) => {}
        }
        if t.len() == 10 {
            let d = chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| bad())?;
            if !seen_days.insert(d) {
                return Err(Error::parse(col("period"), "a date not already given", ps));
            }
            let m = Period::containing(d, Frequency::Monthly);
            if !val.is_nan() {
                let e = daily.entry(m).or_insert((0.0, 0));
                e.0 += val;
                e.1 += 1;
            } else {
                daily.entry(m).or_insert((0.0, 0));
            }
            continue;
        }
        let p = if t.len() == 6 && t.as_bytes().get(4) == Some(&b'Q') {
            Period::quarter(
                t.get(..4).and_then(|y| y.parse().ok()).ok_or_else(bad)?,
                t.get(5..).and_then(|q| q.parse().ok()).ok_or_else(bad)?,
            )
            .map_err(|_| bad())?
        } else if t.len() == 7 && t.as_bytes().get(4) == Some(&b'-') {
            Period::month(
                t.get(..4).and_then(|y| y.parse().ok()).ok_or_else(bad)?,
                t.get(5..).and_then(|m| m.parse().ok()).ok_or_else(bad)?,
            )
            .map_err(|_| bad())?
        } else if t.len() == 4 {
            Period::year(t.parse().map_err(|_| bad())?)
        } else {
            return Err(bad());
        };
        if seen.insert(p, i).is_some() {
            return Err(Error::parse(
                col("period"),
                "a period not already given",
                ps,
            ));
        }
        pairs.push((p, val));
    }
    let mut ds = input.dataset();
    if !daily.is_empty() {
        let n = daily.len();
        pairs = daily
            .into_iter()
            .map(|(p, (sum, k))| (p, if k == 0 { f64::NAN } else { sum / k as f64 }))
            .collect();
        ds.notes.push(format!(
            "{name}: {} daily observations averaged into {n} monthly means",
            obs.len()
        ));
    }
    if pairs.is_empty() {
        return Err(Error::format(loc, "JSON snapshot has no observations"));
    }
    ds.release = release.clone();
    let prov = input.provenance(&name, release.as_deref(), Some(&title));
    let series = Series::from_pairs(name.as_str(), pairs)
        .map_err(|e| Error::format(input.loc(), e.to_string()))?
        .with_title(&title)
        .with_unit(&unit)
        .with_measure(measure_of(&unit, &title))
        .with_provenance(prov);
    ds.series.push(series);
    Ok(ds)
}

/// The 1-based line and column of the `i`-th observation of a JSON
/// snapshot (the position of its `"period"` key, each observation having
/// one), for error messages.
fn observation_position(bytes: &[u8], i: usize) -> Option<(u64, u64)> {
    let start = memchr::memmem::find(bytes, b"\"observations\"")?;
    let at = memchr::memmem::find_iter(&bytes[start..], b"\"period\"").nth(i)? + start;
    let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |k| k + 1);
    let line = 1 + memchr::memchr_iter(b'\n', &bytes[..at]).count() as u64;
    let col = String::from_utf8_lossy(&bytes[line_start..at])
        .chars()
        .count() as u64
        + 1;
    Some((line, col))
}
