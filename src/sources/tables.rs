//! The smaller formats: police recorded crime by force area, Nomis, ASHE,
//! CPIH divisions, Bank Rate history, the borough population workbook, and
//! the generic CSV table.
//!
//! ```
//! let f = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
//!     .join("notebooks-data/london_econ/cpih_division_indices_198801-202511.csv");
//! let ds = colcrime::sources::read(&f).unwrap();
//! let s = ds.select("all_items", None).unwrap();
//! assert_eq!(s.start().to_string(), "1988-01");
//! assert_eq!(s.values()[0], 46.851);
//! ```

use std::collections::{BTreeMap, HashMap};

use super::{Dataset, Input, csv_error, normalize_ws, number, snake_case};
use crate::error::{Error, Location, Result};
use crate::series::{Frequency, Measure, Period, Series};

/// Reads all records with their 1-based line numbers.
fn records(input: &Input<'_>) -> Result<Vec<(u64, Vec<String>)>> {
    let text = input.text()?;
    let mut rdr = super::csv_reader(text);
    let mut out = Vec::new();
    let mut rec = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(csv_error(input.loc(), &e)),
        }
        let line = rec.position().map_or(0, |p| p.line());
        out.push((line, rec.iter().map(str::to_string).collect()));
    }
    Ok(out)
}

fn cell(r: &[String], i: usize) -> &str {
    r.get(i).map(String::as_str).unwrap_or("")
}

fn blank(r: &[String]) -> bool {
    r.iter().all(|c| c.trim().is_empty())
}

/// Builds a series from pairs, checking for a repeated period with its line.
///
/// A series' rows come in date order (an earlier period is refused), so a
/// repeated period is always its latest one: `seen` keeps each name's
/// latest line, not every (name, period) pair, and a name is allocated once
/// per series, not once per value (a table of 300,000 columns stays small).
// The position (line, column) travels with each value so that a repeated
// period is reported where it was read; bundling them would only move the
// eight names into a struct built at every call.
#[allow(clippy::too_many_arguments)]
fn push_pair(
    loc: &Location,
    seen: &mut HashMap<String, u64>,
    map: &mut BTreeMap<String, Vec<(Period, f64)>>,
    name: &str,
    p: Period,
    v: f64,
    line: u64,
    col: usize,
) -> Result<()> {
    if !map.contains_key(name) {
        map.insert(name.to_string(), Vec::new());
    }
    let Some(pairs) = map.get_mut(name) else {
        return Ok(());
    };
    if let Some((first, _)) = pairs.first().filter(|(f, _)| f.freq() != p.freq()) {
        return Err(Error::parse(
            loc.clone().line(line).column_index(col as u64 + 1),
            format!(
                "a {} period like the first of {name} ({first}): a series cannot mix frequencies",
                first.freq()
            ),
            p.to_string(),
        ));
    }
    match pairs.last() {
        Some((last, _)) if *last == p => {
            let first = seen.get(name).copied().unwrap_or(0);
            return Err(Error::parse(
                loc.clone().line(line).column_index(col as u64 + 1),
                format!("a period not already given for {name} (first on line {first})"),
                p.to_string(),
            ));
        }
        Some((last, _)) if *last > p => {
            return Err(Error::parse(
                loc.clone().line(line).column_index(col as u64 + 1),
                format!(
                    "a period after {last} for {name}: the rows of a time series must be in date order (sort the file by date)"
                ),
                p.to_string(),
            ));
        }
        _ => {}
    }
    pairs.push((p, v));
    match seen.get_mut(name) {
        Some(l) => *l = line,
        None => {
            seen.insert(name.to_string(), line);
        }
    }
    Ok(())
}

fn finish(
    input: &Input<'_>,
    mut ds: Dataset,
    map: BTreeMap<String, Vec<(Period, f64)>>,
    meta: impl Fn(&str) -> (String, String, Measure),
) -> Result<Dataset> {
    if map.is_empty() {
        // Where the data should have started: after the header.
        return Err(Error::format(
            input.loc().line(2).column_index(1),
            "no data rows found (no row with a period and a number after the header)",
        ));
    }
    for (name, pairs) in map {
        let (title, unit, measure) = meta(&name);
        let s = Series::from_pairs(name.as_str(), pairs)
            .map_err(|e| Error::format(input.loc(), e.to_string()))?
            .with_title(title)
            .with_unit(unit)
            .with_measure(measure)
            .with_provenance(input.provenance(&name, ds.release.as_deref(), None));
        ds.series.push(s);
    }
    Ok(ds)
}

/// The spreadsheet letters of 1-based column `col` (1 is A, 27 is AA).
#[cfg(feature = "xlsx")]
fn column_letters(mut col: u64) -> String {
    let mut out = Vec::new();
    while col > 0 {
        let r = ((col - 1) % 26) as u8;
        out.push(b'A' + r);
        col = (col - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn check_width(loc: &Location, line: u64, r: &[String], n: usize) -> Result<()> {
    if r.len() != n {
        return Err(Error::parse(
            loc.clone().line(line).column_index(if r.len() > n {
                n as u64 + 1
            } else {
                r.len() as u64
            }),
            format!("{n} fields as in the header"),
            format!("{} fields", r.len()),
        ));
    }
    Ok(())
}

/// Police recorded crime by force area: rolling-year totals, one quarterly
/// series `{offence}:{pfa}` indexed by the quarter containing the period end.
pub(crate) fn read_pfa(input: &Input<'_>) -> Result<Dataset> {
    let loc = input.loc();
    let recs = records(input)?;
    let mut map = BTreeMap::new();
    let mut seen = HashMap::new();
    let mut negatives = 0usize;
    let mut neg_examples = Vec::new();
    let ncol = recs.first().map_or(0, |(_, h)| h.len());
    if ncol < 5 {
        return Err(Error::format(
            loc.line(1),
            "expected 5 columns: 12 months ending,PFA,Region,Offence,Rolling year total number of offences",
        ));
    }
    for (line, r) in recs.iter().skip(1) {
        if blank(r) {
            continue;
        }
        check_width(&loc, *line, r, ncol)?;
        let d = chrono::NaiveDate::parse_from_str(cell(r, 0).trim(), "%d-%m-%Y").map_err(|_| {
            Error::parse(
                loc.clone()
                    .line(*line)
                    .column_index(1)
                    .column("12 months ending"),
                "a date DD-MM-YYYY",
                cell(r, 0),
            )
        })?;
        let p = Period::containing(d, Frequency::Quarterly);
        let name = format!("{}:{}", snake_case(cell(r, 3)), normalize_ws(cell(r, 1)));
        let v = number(
            &loc,
            *line,
            4,
            "Rolling year total number of offences",
            cell(r, 4),
        )?;
        if v < 0.0 {
            negatives += 1;
            if neg_examples.len() < 5 {
                neg_examples.push(format!("{name} {p}: {v}"));
            }
        }
        push_pair(&loc, &mut seen, &mut map, &name, p, v, *line, 0)?;
    }
    let mut ds = input.dataset();
    ds.notes.push("rolling-year totals indexed by the quarter containing the period end; early annual points (year ending March) leave quarterly gaps as NaN".into());
    if negatives > 0 {
        ds.notes.push(format!(
            "{negatives} negative values kept as data adjustments (e.g. {})",
            neg_examples.join("; ")
        ));
    }
    finish(input, ds, map, |n| {
        (
            format!("{n}: offences recorded in the 12 months ending"),
            "offences in the 12 months ending".into(),
            Measure::Count,
        )
    })
}

/// Nomis export: 7 preamble lines, `"Area"` header with value / `Conf` pairs.
pub(crate) fn read_nomis(input: &Input<'_>) -> Result<Dataset> {
    let loc = input.loc();
    let recs = records(input)?;
    let hi = recs
        .iter()
        .position(|(_, r)| cell(r, 0) == "Area")
        .ok_or_else(|| Error::format(loc.clone(), "no \"Area\" header row"))?;
    let (hline, header) = recs.get(hi).cloned().unwrap_or_default();
    let item = recs
        .iter()
        .take(hi)
        .find(|(_, r)| cell(r, 0).starts_with("Item Name"))
        .map(|(_, r)| cell(r, 1).to_string())
        .unwrap_or_default();
    let mut years = Vec::new();
    let mut c = 1;
    while c < header.len() {
        let h = cell(&header, c).trim();
        if h.is_empty() {
            break;
        }
        let y: i32 = h
            .get(h.len().saturating_sub(4)..)
            .and_then(|y| y.parse().ok())
            .ok_or_else(|| {
                Error::parse(
                    loc.clone().line(hline).column_index(c as u64 + 1),
                    "a period such as \"Jan 2004-Dec 2004\"",
                    h,
                )
            })?;
        if cell(&header, c + 1) != "Conf" {
            return Err(Error::parse(
                loc.clone().line(hline).column_index(c as u64 + 2),
                "\"Conf\"",
                cell(&header, c + 1),
            ));
        }
        years.push((c, y));
        c += 2;
    }
    if years.is_empty() {
        return Err(Error::format(
            loc.line(hline),
            "no period columns in the header",
        ));
    }
    let mut map = BTreeMap::new();
    let mut seen = HashMap::new();
    for (line, r) in recs.iter().skip(hi + 1) {
        // csv skips blank lines: the data end at the first short row (the
        // footnotes have two fields).
        if blank(r) || r.len() <= 2 {
            break;
        }
        let raw = cell(r, 0);
        let area = normalize_ws(raw.split_once(':').map_or(raw, |(_, a)| a));
        if r.len() < header.len() - usize::from(header.last().is_some_and(|h| h.is_empty()))
            || r.len() > header.len()
        {
            check_width(&loc, *line, r, header.len())?;
        }
        for (c, y) in &years {
            let v = number(&loc, *line, *c, cell(&header, *c), cell(r, *c))?;
            let ci = number(&loc, *line, c + 1, "Conf", cell(r, c + 1))?;
            push_pair(
                &loc,
                &mut seen,
                &mut map,
                &format!("unemployment_rate:{area}"),
                Period::year(*y),
                v,
                *line,
                *c,
            )?;
            push_pair(
                &loc,
                &mut seen,
                &mut map,
                &format!("unemployment_rate_ci:{area}"),
                Period::year(*y),
                ci,
                *line,
                c + 1,
            )?;
        }
    }
    let mut ds = input.dataset();
    ds.notes.push(format!(
        "{item}; annual calendar-year windows; \"-\" = missing"
    ));
    finish(input, ds, map, |n| {
        if n.starts_with("unemployment_rate_ci:") {
            (
                format!("{n} (95% confidence interval, +/-)"),
                "percentage points".into(),
                Measure::Rate,
            )
        } else {
            (format!("{n} (model-based, %)"), "%".into(), Measure::Rate)
        }
    })
}

/// ASHE weekly pay: `Code,Area,YYYY,,YYYY,,...`, then `Pay (£)`,`conf %`.
pub(crate) fn read_ashe(input: &Input<'_>) -> Result<Dataset> {
    let loc = input.loc();
    let recs = records(input)?;
    let (_, header) = recs.first().cloned().unwrap_or_default();
    let (l2, sub) = recs.get(1).cloned().unwrap_or_default();
    let mut years = Vec::new();
    let mut c = 2;
    while c < header.len() {
        let h = cell(&header, c).trim();
        if h.is_empty() {
            break;
        }
        let y: i32 = (h.len() == 4)
            .then(|| h.parse().ok())
            .flatten()
            .ok_or_else(|| {
                Error::parse(
                    loc.clone().line(1).column_index(c as u64 + 1),
                    "a year YYYY",
                    h,
                )
            })?;
        if !cell(&sub, c).starts_with("Pay") {
            return Err(Error::parse(
                loc.clone().line(l2).column_index(c as u64 + 1),
                "\"Pay (£)\"",
                cell(&sub, c),
            ));
        }
        years.push((c, y));
        c += 2;
    }
    if years.is_empty() {
        return Err(Error::format(loc.line(1), "no year columns in the header"));
    }
    let mut map = BTreeMap::new();
    let mut seen = HashMap::new();
    for (line, r) in recs.iter().skip(2) {
        if blank(r) {
            continue;
        }
        let area = normalize_ws(cell(r, 1));
        if area.is_empty() {
            return Err(Error::parse(
                loc.clone().line(*line).column_index(2).column("Area"),
                "an area name",
                "",
            ));
        }
        // Too few fields, or more than the header's (10,000 extra fields
        // are not pay figures the reader may ignore).
        check_width(&loc, *line, r, header.len())?;
        for (c, y) in &years {
            let v = number(&loc, *line, *c, cell(&header, *c), cell(r, *c))?;
            let cv = number(&loc, *line, c + 1, "conf %", cell(r, c + 1))?;
            push_pair(
                &loc,
                &mut seen,
                &mut map,
                &format!("weekly_pay:{area}"),
                Period::year(*y),
                v,
                *line,
                *c,
            )?;
            push_pair(
                &loc,
                &mut seen,
                &mut map,
                &format!("weekly_pay_cv:{area}"),
                Period::year(*y),
                cv,
                *line,
                c + 1,
            )?;
        }
    }
    let mut ds = input.dataset();
    ds.notes.push(
        "ASHE gross weekly pay; \"!\" and \"#\" (unreliable / suppressed) read as missing".into(),
    );
    finish(input, ds, map, |n| {
        if n.starts_with("weekly_pay_cv:") {
            (
                format!("{n} (coefficient of variation, %)"),
                "%".into(),
                Measure::Rate,
            )
        } else {
            (
                format!("{n} (gross weekly pay)"),
                "£ per week".into(),
                Measure::Level,
            )
        }
    })
}

/// CPIH division indices: `index date`, `name`, one column per division.
pub(crate) fn read_cpih(input: &Input<'_>) -> Result<Dataset> {
    let loc = input.loc();
    let recs = records(input)?;
    let (_, header) = recs.first().cloned().unwrap_or_default();
    let names: Vec<String> = header
        .iter()
        .map(|h| {
            let s = snake_case(h);
            s.strip_prefix("cpih_").map(str::to_string).unwrap_or(s)
        })
        .collect();
    if names.len() < 3 {
        return Err(Error::format(
            loc.line(1),
            "expected `index date`, `name` and index columns",
        ));
    }
    let mut map = BTreeMap::new();
    let mut seen = HashMap::new();
    for (line, r) in recs.iter().skip(1) {
        if blank(r) {
            continue;
        }
        check_width(&loc, *line, r, header.len())?;
        let d = cell(r, 0).trim();
        let p = (d.len() == 6)
            .then(|| Period::parse(d))
            .flatten()
            .ok_or_else(|| {
                Error::parse(
                    loc.clone().line(*line).column_index(1).column("index date"),
                    "a month YYYYMM",
                    d,
                )
            })?;
        let label = cell(r, 1).trim();
        if Period::parse(label) != Some(p) {
            return Err(Error::parse(
                loc.clone().line(*line).column_index(2).column("name"),
                format!("the month label of {p} (e.g. Jan-88)"),
                label,
            ));
        }
        for c in 2..header.len() {
            let v = number(&loc, *line, c, cell(&header, c), cell(r, c))?;
            push_pair(&loc, &mut seen, &mut map, cell(&names, c), p, v, *line, 0)?;
        }
    }
    let titles: HashMap<String, String> =
        names.iter().cloned().zip(header.iter().cloned()).collect();
    let ds = input.dataset();
    finish(input, ds, map, |n| {
        (
            titles.get(n).cloned().unwrap_or_default(),
            "index, 2015=100".into(),
            Measure::Index,
        )
    })
}

/// Bank Rate history: `"DD Mon YY","rate"`, newest first. Two-digit years
/// 75–99 are 19xx, 00–74 are 20xx. Gives the rate in force at each month end.
pub(crate) fn read_bank_rate(input: &Input<'_>) -> Result<Dataset> {
    let loc = input.loc();
    let recs = records(input)?;
    let mut changes: Vec<(chrono::NaiveDate, f64, u64)> = Vec::new();
    let mut seen: HashMap<chrono::NaiveDate, u64> = HashMap::new();
    for (line, r) in recs.iter().skip(1) {
        if blank(r) {
            continue;
        }
        check_width(&loc, *line, r, 2)?;
        let ds = cell(r, 0).trim();
        let bad = || {
            Error::parse(
                loc.clone()
                    .line(*line)
                    .column_index(1)
                    .column("Date Changed"),
                "a date such as \"18 Dec 25\"",
                ds,
            )
        };
        let parts: Vec<&str> = ds.split_whitespace().collect();
        let [d, m, y] = parts.as_slice() else {
            return Err(bad());
        };
        let day: u32 = d.parse().map_err(|_| bad())?;
        let month = crate::series::period::month_from_name(m).ok_or_else(bad)?;
        let yy: i32 = y.parse().map_err(|_| bad())?;
        let year = match y.len() {
            2 if yy >= 75 => 1900 + yy,
            2 => 2000 + yy,
            4 => yy,
            _ => return Err(bad()),
        };
        let date = chrono::NaiveDate::from_ymd_opt(year, month, day).ok_or_else(bad)?;
        let v = number(&loc, *line, 1, "Rate", cell(r, 1))?;
        if v.is_nan() {
            return Err(Error::parse(
                loc.clone().line(*line).column_index(2).column("Rate"),
                "a rate",
                cell(r, 1),
            ));
        }
        if let Some(first) = seen.insert(date, *line) {
            return Err(Error::parse(
                loc.clone()
                    .line(*line)
                    .column_index(1)
                    .column("Date Changed"),
                format!("a date not already given (first on line {first})"),
                ds,
            ));
        }
        changes.push((date, v, *line));
    }
    changes.sort_by_key(|c| c.0);
    let (Some(first), Some(last)) = (changes.first(), changes.last()) else {
        return Err(Error::format(
            loc.line(2),
            "no rate changes after the header",
        ));
    };
    let start = Period::containing(first.0, Frequency::Monthly);
    let end = Period::containing(last.0, Frequency::Monthly);
    let n = start.periods_until(&end)? as usize + 1;
    let mut values = Vec::with_capacity(n);
    let mut k = 0;
    let mut rate = f64::NAN;
    for i in 0..n {
        let p = start.offset(i as i64);
        while let Some(c) = changes.get(k) {
            if c.0 <= p.last_day() {
                rate = c.1;
                k += 1;
            } else {
                break;
            }
        }
        values.push(rate);
    }
    let mut ds = input.dataset();
    ds.release = Some(last.0.format("%Y-%m-%d").to_string());
    ds.notes.push(format!(
        "{} rate changes, {} to {}; monthly series is the rate in force at each month end",
        changes.len(),
        first.0,
        last.0
    ));
    let s = Series::new("bank_rate", start, values)
        .with_title("Bank of England Bank Rate (in force at month end)")
        .with_unit("%")
        .with_measure(Measure::Rate)
        .with_provenance(input.provenance("bank_rate", ds.release.as_deref(), None));
    ds.series.push(s);
    Ok(ds)
}

/// The GLA population workbook: sheet `data`, `area` then one column per
/// census year; `Greater London` becomes `population:London`.
#[cfg(feature = "xlsx")]
pub(crate) fn read_population(input: &Input<'_>) -> Result<Dataset> {
    use calamine::{Data, Reader};
    let loc = input.loc();
    let mut wb = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(input.bytes.to_vec()))
        .map_err(|e| {
        Error::format(loc.clone(), format!("not a readable xlsx workbook: {e}"))
    })?;
    let sheets = wb.sheet_names();
    let sheet = sheets
        .iter()
        .find(|s| s.eq_ignore_ascii_case("data"))
        .cloned()
        .ok_or_else(|| {
            Error::format(
                loc.clone(),
                format!(
                    "workbook has no sheet \"data\" (sheets: {})",
                    sheets.join(", ")
                ),
            )
        })?;
    let range = wb.worksheet_range(&sheet).map_err(|e| {
        Error::format(
            loc.clone(),
            format!(
                "sheet \"data\" cannot be read (the workbook is damaged; no cell can be named): {e}"
            ),
        )
    })?;
    let sloc = Location::new(format!("{}[data]", input.path));
    // The range starts at the sheet's first used cell: errors name the
    // sheet's own row and column, and the cell as a spreadsheet shows it.
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let header_row = u64::from(row0) + 1;
    let at = |row: u64, c: usize| {
        let col = u64::from(col0) + c as u64 + 1;
        sloc.clone()
            .line(row)
            .column_index(col)
            .column(format!("cell {}{row}", column_letters(col)))
    };
    let text = |c: &Data| match c {
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => other.to_string(),
    };
    let mut rows = range.rows();
    let header: Vec<String> = rows
        .next()
        .map(|r| r.iter().map(text).collect())
        .unwrap_or_default();
    if !cell(&header, 0).eq_ignore_ascii_case("area") {
        return Err(Error::parse(
            at(header_row, 0),
            "\"area\"",
            cell(&header, 0),
        ));
    }
    let mut years = Vec::new();
    for (c, h) in header.iter().enumerate().skip(1) {
        if h.is_empty() {
            continue;
        }
        let y: i32 = h
            .parse::<f64>()
            .ok()
            .filter(|y| y.fract() == 0.0 && (1000.0..3000.0).contains(y))
            .map(|y| y as i32)
            .ok_or_else(|| Error::parse(at(header_row, c), "a census year", h.as_str()))?;
        years.push((c, y));
    }
    let mut map = BTreeMap::new();
    let mut seen = HashMap::new();
    for (i, r) in rows.enumerate() {
        let line = header_row + 1 + i as u64;
        let area = normalize_ws(&r.first().map(text).unwrap_or_default());
        if area.is_empty() {
            continue;
        }
        let area = if area == "Greater London" {
            "London".to_string()
        } else {
            area
        };
        let name = format!("population:{area}");
        for (c, y) in &years {
            let v = match r.get(*c) {
                Some(Data::Float(f)) => {
                    if (f - f.round()).abs() < 1e-6 {
                        f.round()
                    } else {
                        *f
                    }
                }
                Some(Data::Int(n)) => *n as f64,
                Some(Data::Empty) | None => f64::NAN,
                Some(Data::String(s)) => {
                    crate::series::frame::parse_number(s).ok_or_else(|| {
                        Error::parse(at(line, *c), "a number or a missing marker", s.as_str())
                    })?
                }
                Some(other) => {
                    return Err(Error::parse(at(line, *c), "a number", other.to_string()));
                }
            };
            push_pair(
                &sloc,
                &mut seen,
                &mut map,
                &name,
                Period::year(*y),
                v,
                line,
                col0 as usize + *c,
            )?;
        }
    }
    let mut ds = input.dataset();
    ds.notes.push("census years only: annual series with NaN between censuses; population:London is the Greater London row".into());
    finish(input, ds, map, |n| {
        (
            format!("{n} (census population)"),
            "persons".into(),
            Measure::Count,
        )
    })
}

/// Without the `xlsx` feature there is no workbook reader: the file is a
/// format error that says how to get one.
#[cfg(not(feature = "xlsx"))]
pub(crate) fn read_population(input: &Input<'_>) -> Result<Dataset> {
    Err(Error::format(
        input.loc(),
        "an xlsx workbook, which this colcrime cannot read: it was built without the `xlsx` feature (build it with features = [\"xlsx\"])",
    ))
}

/// A period in a generic table's date column: `YYYY-MM` is always a month
/// (never the financial year `2011-12`), `YYYY-MM-DD` the month containing
/// it; other forms as [`Period::parse`].
fn table_period(s: &str) -> Option<Period> {
    let t = s.trim();
    let b = t.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
    if (t.len() == 7 || t.len() == 10) && digits(0..4) && b.get(4) == Some(&b'-') && digits(5..7) {
        let y: i32 = t.get(..4)?.parse().ok()?;
        let m: u32 = t.get(5..7)?.parse().ok()?;
        if t.len() == 10 {
            if b.get(7) != Some(&b'-') || !digits(8..10) {
                return None;
            }
            chrono::NaiveDate::from_ymd_opt(y, m, t.get(8..)?.parse().ok()?)?;
        }
        return Period::month(y, m).ok();
    }
    Period::parse(t)
}

/// Any other CSV: a header row, and optionally a date column. Wide files
/// give one series per numeric column; long files (`date, key..., value`)
/// give one series per key. Without a date column the file is recognised
/// but gives no series.
pub(crate) fn read_table(input: &Input<'_>) -> Result<Dataset> {
    let loc = input.loc();
    let recs = records(input)?;
    let Some((_, header)) = recs.first() else {
        return Err(Error::format(loc, "the file is empty"));
    };
    let header: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
    let ncol = header.len();
    let body: Vec<&(u64, Vec<String>)> = recs.iter().skip(1).filter(|(_, r)| !blank(r)).collect();
    for (line, r) in &body {
        check_width(&loc, *line, r, ncol)?;
    }
    let mut ds = input.dataset();
    // The date column: named like one, or the first whose values all parse.
    let named = header.iter().position(|h| {
        matches!(
            h.to_ascii_lowercase().as_str(),
            "month" | "date" | "period" | "year" | "quarter"
        )
    });
    let parses =
        |c: usize| !body.is_empty() && body.iter().all(|(_, r)| table_period(cell(r, c)).is_some());
    let date_col = named.or_else(|| (0..ncol).find(|&c| parses(c)));
    let Some(dc) = date_col else {
        ds.notes.push(format!(
            "a table of {} rows with no date column (columns: {}); no series",
            body.len(),
            header.join(", ")
        ));
        return Ok(ds);
    };
    // Column kinds: numeric if most non-missing cells parse as numbers;
    // True/False columns are flags and skipped; the rest are keys.
    let mut numeric = Vec::new();
    let mut keys = Vec::new();
    for c in (0..ncol).filter(|&c| c != dc) {
        let vals: Vec<&str> = body
            .iter()
            .map(|(_, r)| cell(r, c).trim())
            .filter(|v| !crate::series::frame::is_missing_marker(v))
            .collect();
        let nums = vals
            .iter()
            .filter(|v| crate::series::frame::parse_number(v).is_some())
            .count();
        if vals
            .iter()
            .all(|v| matches!(v.to_ascii_lowercase().as_str(), "true" | "false"))
            && !vals.is_empty()
        {
            continue;
        }
        if nums * 2 > vals.len() {
            numeric.push(c);
        } else {
            keys.push(c);
        }
    }
    // Key columns with a single value name the series instead.
    let constant: Vec<usize> = keys
        .iter()
        .copied()
        .filter(|&c| {
            body.iter()
                .all(|(_, r)| body.first().is_some_and(|(_, f)| cell(f, c) == cell(r, c)))
        })
        .collect();
    let varying: Vec<usize> = keys
        .iter()
        .copied()
        .filter(|c| !constant.contains(c))
        .collect();
    let mut map = BTreeMap::new();
    let mut seen = HashMap::new();
    let mut periods = body
        .iter()
        .map(|(line, r)| {
            let d = cell(r, dc);
            table_period(d).ok_or_else(|| {
                Error::parse(
                    loc.clone()
                        .line(*line)
                        .column_index(dc as u64 + 1)
                        .column(cell(&header, dc)),
                    "a date or period",
                    d,
                )
            })
        })
        .collect::<Result<Vec<Period>>>()?;
    // The first days of quarters (or years), as `data export` writes them,
    // are quarters (or years), as `--data` reads them.
    if body
        .iter()
        .all(|(_, r)| super::csv_frame::is_full_date(cell(r, dc)))
    {
        super::csv_frame::coarsen_dates(&mut periods);
    }
    for ((line, r), &p) in body.iter().zip(&periods) {
        for &c in &numeric {
            let v = number(&loc, *line, c, cell(&header, c), cell(r, c))?;
            let name = if keys.is_empty() {
                cell(&header, c).to_string()
            } else {
                let prefix = if numeric.len() == 1 && !constant.is_empty() {
                    constant
                        .iter()
                        .map(|&k| snake_case(cell(r, k)))
                        .collect::<Vec<_>>()
                        .join("_")
                } else {
                    cell(&header, c).to_string()
                };
                let key: Vec<String> = varying.iter().map(|&k| normalize_ws(cell(r, k))).collect();
                if key.is_empty() {
                    prefix
                } else {
                    format!("{prefix}:{}", key.join(":"))
                }
            };
            push_pair(&loc, &mut seen, &mut map, &name, p, v, *line, dc)?;
        }
    }
    ds.notes.push(format!(
        "CSV table: date column \"{}\", {} ({} value column(s){})",
        cell(&header, dc),
        if keys.is_empty() { "wide" } else { "long" },
        numeric.len(),
        if varying.is_empty() {
            String::new()
        } else {
            format!(
                ", keyed by {}",
                varying
                    .iter()
                    .map(|&k| cell(&header, k))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    ));
    if map.is_empty() {
        ds.notes.push("no numeric columns; no series".into());
        return Ok(ds);
    }
    finish(input, ds, map, |n| {
        let measure = if n.starts_with("count") || n.contains("count") {
            Measure::Count
        } else {
            Measure::Level
        };
        (n.to_string(), String::new(), measure)
    })
}
