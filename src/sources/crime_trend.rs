//! The England and Wales police recorded crime trend by financial year
//! (ONS "Crime in England and Wales: Appendix tables", Table A5a), as
//! extracted to JSON by the WIAH project:
//! `{"lastUpdated", "crimeTrends": {KEY: {"label", "timeSeries": [{"period":
//! "2002/03", "count"}]}}, "metadata": {...}}`. A `null` count is missing.
//!
//! ```
//! use colcrime::sources::crime_trend::parse_crime_trend;
//! let text = br#"{"lastUpdated": "2026-03-02", "crimeTrends": {"robbery": {"label": "TOTAL ROBBERY",
//!   "timeSeries": [{"period": "2019/20", "count": 90196}, {"period": "2020/21", "count": null}]}}}"#;
//! let t = parse_crime_trend("t.json", text).unwrap();
//! let r = t.get("robbery").unwrap();
//! assert_eq!(r.count("2019/20"), Some(90196.0));
//! assert_eq!(r.count("2020/21"), None);
//! assert_eq!(t.last_updated.as_deref(), Some("2026-03-02"));
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use super::lf::read_file;
use crate::error::{Error, Location, Result};

/// One offence's annual counts.
///
/// ```
/// use colcrime::sources::crime_trend::TrendSeries;
/// let s = TrendSeries { label: "Robbery".into(), points: vec![("2019/20".into(), 1.0)] };
/// assert_eq!(s.count("2019/20"), Some(1.0));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TrendSeries {
    /// The label in the table (`TOTAL ROBBERY`).
    pub label: String,
    /// (financial year `2019/20`, count; `NaN` = missing), in file order.
    pub points: Vec<(String, f64)>,
}

impl TrendSeries {
    /// The count of a financial year, if recorded.
    ///
    /// ```
    /// # use colcrime::sources::crime_trend::TrendSeries;
    /// let s = TrendSeries { label: String::new(), points: vec![("2019/20".into(), f64::NAN)] };
    /// assert_eq!(s.count("2019/20"), None);
    /// ```
    pub fn count(&self, period: &str) -> Option<f64> {
        self.points
            .iter()
            .find(|(p, _)| p == period)
            .map(|(_, v)| *v)
            .filter(|v| v.is_finite())
    }

    /// The last year with a count.
    ///
    /// ```
    /// # use colcrime::sources::crime_trend::TrendSeries;
    /// let s = TrendSeries { label: String::new(), points: vec![("2023/24".into(), 2.0), ("2024/25".into(), f64::NAN)] };
    /// assert_eq!(s.last().unwrap().0, "2023/24");
    /// ```
    pub fn last(&self) -> Option<(&str, f64)> {
        self.points
            .iter()
            .rev()
            .find(|(_, v)| v.is_finite())
            .map(|(p, v)| (p.as_str(), *v))
    }
}

/// The whole trend file.
#[derive(Debug, Clone, PartialEq)]
pub struct CrimeTrend {
    /// The file as given.
    pub path: String,
    /// SHA-256 of the bytes.
    pub sha256: String,
    /// `lastUpdated`, if stated.
    pub last_updated: Option<String>,
    /// The dataset named in the metadata, if any.
    pub dataset: Option<String>,
    /// Offence key (`robbery`, `shoplifting`, ...) -> series.
    pub series: BTreeMap<String, TrendSeries>,
}

impl CrimeTrend {
    /// The series of an offence key.
    ///
    /// # Errors
    /// No such key (the message lists those that exist).
    ///
    /// ```
    /// # use colcrime::sources::crime_trend::parse_crime_trend;
    /// let t = parse_crime_trend("t.json", br#"{"crimeTrends": {"robbery": {"label": "R", "timeSeries": []}}}"#).unwrap();
    /// assert!(t.get("burglary").is_err());
    /// ```
    pub fn get(&self, key: &str) -> Result<&TrendSeries> {
        self.series.get(key).ok_or_else(|| {
            Error::not_found(
                format!("offence in {}", self.path),
                key,
                self.series.keys().cloned().collect(),
            )
        })
    }
}

/// Reads the trend file.
///
/// # Errors
/// The file cannot be read, is not JSON (line and column of the fault), or
/// lacks `crimeTrends`, a series' `timeSeries`, a point's `period`, or has
/// a count that is not a number or null.
///
/// ```
/// let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
///     .join("notebooks-data/ons_crime_trends_ew/wiah_crime_trends_ew_A5a_2002-03_to_2024-25.json");
/// let t = colcrime::sources::crime_trend::read_crime_trend(&p).unwrap();
/// assert_eq!(t.get("robbery").unwrap().count("2024/25"), Some(79_196.0));
/// ```
pub fn read_crime_trend(path: &Path) -> Result<CrimeTrend> {
    let bytes = read_file(path)?;
    parse_crime_trend(&path.display().to_string(), &bytes)
}

/// Parses the trend file from memory; `name` is used in messages.
///
/// # Errors
/// As [`read_crime_trend`].
///
/// ```
/// use colcrime::sources::crime_trend::parse_crime_trend;
/// let e = parse_crime_trend("t.json", b"{\n  \"crimeTrends\": [1,\n}").unwrap_err();
/// assert!(e.to_string().starts_with("t.json:3:1:"), "{e}");
/// let e = parse_crime_trend("t.json", br#"{"crimeTrends": {"r": {"timeSeries": [{"period": "2019/20", "count": "many"}]}}}"#).unwrap_err();
/// assert!(e.to_string().contains("expected a count or null, found \"\"many\"\""), "{e}");
/// ```
pub fn parse_crime_trend(name: &str, bytes: &[u8]) -> Result<CrimeTrend> {
    let loc = Location::new(name);
    let v: Value = serde_json::from_slice(super::strip_bom(bytes)).map_err(|e| {
        Error::parse(
            loc.clone()
                .line(e.line() as u64)
                .column_index(e.column() as u64),
            "JSON",
            e.to_string(),
        )
    })?;
    let trends = v
        .get("crimeTrends")
        .and_then(Value::as_object)
        .ok_or_else(|| Error::format(loc.clone(), "no \"crimeTrends\" object"))?;
    let mut series = BTreeMap::new();
    for (key, s) in trends {
        let field = |f: &str| loc.clone().column(format!("crimeTrends.{key}.{f}"));
        let points = s
            .get("timeSeries")
            .and_then(Value::as_array)
            .ok_or_else(|| Error::parse(field("timeSeries"), "an array", "nothing"))?;
        let mut out = Vec::with_capacity(points.len());
        for (i, p) in points.iter().enumerate() {
            let period = p.get("period").and_then(Value::as_str).ok_or_else(|| {
                Error::parse(
                    field(&format!("timeSeries[{i}].period")),
                    "a financial year such as 2019/20",
                    p.get("period").map_or("nothing".into(), Value::to_string),
                )
            })?;
            let count = match p.get("count") {
                None | Some(Value::Null) => f64::NAN,
                Some(c) => c.as_f64().ok_or_else(|| {
                    Error::parse(
                        field(&format!("timeSeries[{i}].count")),
                        "a count or null",
                        c.to_string(),
                    )
                })?,
            };
            out.push((period.to_string(), count));
        }
        series.insert(
            key.clone(),
            TrendSeries {
                label: s
                    .get("label")
                    .and_then(Value::as_str)
                    .unwrap_or(key)
                    .to_string(),
                points: out,
            },
        );
    }
    let dataset = v
        .pointer("/metadata/sources/0/dataset")
        .and_then(Value::as_str)
        .map(str::to_string);
    Ok(CrimeTrend {
        path: name.to_string(),
        sha256: super::sha256_hex(bytes),
        last_updated: v
            .get("lastUpdated")
            .and_then(Value::as_str)
            .map(str::to_string),
        dataset,
        series,
    })
}
