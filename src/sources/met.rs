//! Metropolitan Police borough-level crime files, in both layouts, and
//! [`read_many`], which splices several of them into one continuous record.
//!
//! The current layout is `MajorText,MinorText,BoroughName,YYYYMM...`; the old
//! one `Borough,Major Category,Minor Category,YYYYMM...` (CRLF). Categories
//! differ between them; [`CATEGORY_MAP`] maps both onto canonical ones, so
//! that e.g. `robbery:London` runs unbroken from 2008 to 2025.
//!
//! ```
//! let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("notebooks-data/met_police_borough");
//! let ds = colcrime::sources::read(&dir.join("MPS_Borough_Level_Crime_recent24m_202312-202511.csv")).unwrap();
//! let s = ds.select("robbery:London", None).unwrap();
//! assert_eq!(s.len(), 24);
//! assert!(s.values().iter().all(|v| *v > 1000.0));
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use super::{Dataset, Format, Input, csv_error, normalize_ws, number};
use crate::error::{Error, Result};
use crate::series::{Measure, Period, Series};

/// The mapping of published (major, minor) categories to canonical
/// categories, for both classifications. Compared case-insensitively; a minor
/// of `*` matches every minor category of that major one. A row counts
/// towards every category listed for every entry it matches.
///
/// * `robbery` — all robbery; `robbery_personal` — of personal property;
///   `robbery_business` — of business property.
/// * `theft` = `theft_from_person` + `shoplifting` + `other_theft` +
///   `bicycle_theft`: the Met's THEFT category. Vehicle offences (theft from
///   and of vehicles, interference) are `vehicle_offences`, never theft
///   (in the old classification they sat under "Theft and Handling");
///   handling stolen goods is neither.
/// * `violence_with_injury` — VIOLENCE WITH INJURY; in the old (2008-2016)
///   classification the nearest match, Assault with Injury, Wounding/GBH,
///   Grievous Bodily Harm and Murder (the files from April 2010 carry the
///   current classification, which wins on overlapping months).
/// * `burglary` — all; `burglary_residential` — DOMESTIC BURGLARY, RES
///   BURGLARY OF A HOME and RES BURGLARY OF UNCONNECTED BUILDING (the 2023
///   reclassification, summed for continuity), BURGLARY - RESIDENTIAL, and the
///   old "Burglary in a Dwelling" / "Burglary - Residential";
///   `burglary_business` — business and community / other buildings.
/// * `violence` — all violence against the person.
/// * `total` — every category except fraud (see [`EXCLUDED_FROM_TOTAL`]).
///
/// ```
/// use colcrime::sources::met::categories_of;
/// assert_eq!(categories_of("THEFT", "SHOPLIFTING"), vec!["theft", "shoplifting", "total"]);
/// assert_eq!(categories_of("Theft and Handling", "Theft From Shops"), vec!["theft", "shoplifting", "total"]);
/// assert_eq!(categories_of("FRAUD AND FORGERY", "FRAUD AND FORGERY"), Vec::<&str>::new());
/// ```
pub const CATEGORY_MAP: &[(&str, &str, &[&str])] = &[
    // Current Home Office classification (upper case in the files).
    ("ROBBERY", "*", &["robbery"]),
    (
        "ROBBERY",
        "ROBBERY OF PERSONAL PROPERTY",
        &["robbery_personal"],
    ),
    (
        "ROBBERY",
        "ROBBERY OF BUSINESS PROPERTY",
        &["robbery_business"],
    ),
    (
        "THEFT",
        "THEFT FROM THE PERSON",
        &["theft", "theft_from_person"],
    ),
    ("THEFT", "SHOPLIFTING", &["theft", "shoplifting"]),
    ("THEFT", "OTHER THEFT", &["theft", "other_theft"]),
    ("THEFT", "BICYCLE THEFT", &["theft", "bicycle_theft"]),
    ("VEHICLE OFFENCES", "*", &["vehicle_offences"]),
    ("BURGLARY", "*", &["burglary"]),
    ("BURGLARY", "DOMESTIC BURGLARY", &["burglary_residential"]),
    (
        "BURGLARY",
        "RES BURGLARY OF A HOME",
        &["burglary_residential"],
    ),
    (
        "BURGLARY",
        "RES BURGLARY OF UNCONNECTED BUILDING",
        &["burglary_residential"],
    ),
    (
        "BURGLARY",
        "BURGLARY - RESIDENTIAL",
        &["burglary_residential"],
    ),
    (
        "BURGLARY",
        "BURGLARY BUSINESS AND COMMUNITY",
        &["burglary_business"],
    ),
    ("VIOLENCE AGAINST THE PERSON", "*", &["violence"]),
    (
        "VIOLENCE AGAINST THE PERSON",
        "VIOLENCE WITH INJURY",
        &["violence_with_injury"],
    ),
    // Old classification (title case in the files, compared upper-cased).
    ("ROBBERY", "PERSONAL PROPERTY", &["robbery_personal"]),
    ("ROBBERY", "BUSINESS PROPERTY", &["robbery_business"]),
    (
        "VIOLENCE AGAINST THE PERSON",
        "ASSAULT WITH INJURY",
        &["violence_with_injury"],
    ),
    (
        "VIOLENCE AGAINST THE PERSON",
        "WOUNDING/GBH",
        &["violence_with_injury"],
    ),
    (
        "VIOLENCE AGAINST THE PERSON",
        "GRIEVOUS BODILY HARM",
        &["violence_with_injury"],
    ),
    (
        "VIOLENCE AGAINST THE PERSON",
        "MURDER",
        &["violence_with_injury"],
    ),
    (
        "THEFT AND HANDLING",
        "OTHER THEFT PERSON",
        &["theft", "theft_from_person"],
    ),
    (
        "THEFT AND HANDLING",
        "THEFT PERSON",
        &["theft", "theft_from_person"],
    ),
    (
        "THEFT AND HANDLING",
        "THEFT FROM SHOPS",
        &["theft", "shoplifting"],
    ),
    (
        "THEFT AND HANDLING",
        "OTHER THEFT",
        &["theft", "other_theft"],
    ),
    (
        "THEFT AND HANDLING",
        "THEFT/TAKING OF PEDAL CYCLE",
        &["theft", "bicycle_theft"],
    ),
    (
        "THEFT AND HANDLING",
        "THEFT/TAKING OF PEDAL CYCLES",
        &["theft", "bicycle_theft"],
    ),
    (
        "THEFT AND HANDLING",
        "THEFT FROM MOTOR VEHICLE",
        &["vehicle_offences"],
    ),
    (
        "THEFT AND HANDLING",
        "THEFT FROM M/V",
        &["vehicle_offences"],
    ),
    (
        "THEFT AND HANDLING",
        "THEFT/TAKING OF MOTOR VEHICLE",
        &["vehicle_offences"],
    ),
    (
        "THEFT AND HANDLING",
        "THEFT/TAKING OF M/V",
        &["vehicle_offences"],
    ),
    (
        "THEFT AND HANDLING",
        "MOTOR VEHICLE INTERFERENCE & TAMPERING",
        &["vehicle_offences"],
    ),
    (
        "THEFT AND HANDLING",
        "M/V INTERFERENCE & TAMPERING",
        &["vehicle_offences"],
    ),
    (
        "BURGLARY",
        "BURGLARY IN A DWELLING",
        &["burglary_residential"],
    ),
    (
        "BURGLARY",
        "BURGLARY IN OTHER BUILDINGS",
        &["burglary_business"],
    ),
    (
        "BURGLARY",
        "BURGLARY - BUSINESS AND COMMUNITY",
        &["burglary_business"],
    ),
];

/// Major categories left out of `total`: fraud, whose police recording
/// collapsed after Action Fraud took it over in 2013.
pub const EXCLUDED_FROM_TOTAL: &[&str] = &["FRAUD AND FORGERY", "FRAUD OR FORGERY", "NFIB FRAUD"];

/// Areas in the files that are not London boroughs (left out of `London`).
pub const NOT_BOROUGHS: &[&str] = &["Unknown", "London Heathrow and London City Airports"];

/// The canonical categories a (major, minor) pair counts towards.
///
/// ```
/// use colcrime::sources::met::categories_of;
/// assert_eq!(categories_of("BURGLARY", "RES BURGLARY OF A HOME"), vec!["burglary", "burglary_residential", "total"]);
/// ```
pub fn categories_of(major: &str, minor: &str) -> Vec<&'static str> {
    let (ma, mi) = (
        normalize_ws(major).to_uppercase(),
        normalize_ws(minor).to_uppercase(),
    );
    let mut out: Vec<&'static str> = Vec::new();
    for (m, n, cats) in CATEGORY_MAP {
        if *m == ma && (*n == "*" || *n == mi) {
            for c in *cats {
                if !out.contains(c) {
                    out.push(c);
                }
            }
        }
    }
    if !EXCLUDED_FROM_TOTAL.contains(&ma.as_str()) {
        out.push("total");
    }
    out
}

/// One file's counts: per (category, area), one value per month.
#[derive(Debug)]
struct MetTable {
    new_layout: bool,
    months: Vec<Period>,
    cells: BTreeMap<(String, String), Vec<f64>>,
    unmapped: Vec<String>,
}

fn parse_table(input: &Input<'_>) -> Result<MetTable> {
    let text = input.text()?;
    let loc = input.loc();
    let new_layout = input.format == Format::MetBoroughNew;
    let (major_i, minor_i, borough_i) = if new_layout { (0, 1, 2) } else { (1, 2, 0) };
    let mut rdr = super::csv_reader(text);
    let mut rec = super::header_record(&mut rdr, &loc)?;
    let header: Vec<String> = rec.iter().map(|h| h.trim().to_string()).collect();
    let mut months = Vec::new();
    for (c, h) in header.iter().enumerate().skip(3) {
        let p = (h.len() == 6)
            .then(|| Period::parse(h))
            .flatten()
            .ok_or_else(|| {
                Error::parse(
                    loc.clone().line(1).column_index(c as u64 + 1),
                    "a month YYYYMM",
                    h.as_str(),
                )
            })?;
        if months.contains(&p) {
            return Err(Error::parse(
                loc.line(1).column_index(c as u64 + 1),
                "a month not already given",
                h.as_str(),
            ));
        }
        months.push(p);
    }
    if months.is_empty() {
        return Err(Error::format(
            loc.line(1),
            "no month columns (YYYYMM) in the header",
        ));
    }
    let ncol = header.len();
    let mut cells: BTreeMap<(String, String), Vec<f64>> = BTreeMap::new();
    let mut unmapped = Vec::new();
    let mut seen_rows = std::collections::HashMap::new();
    let mut vals = vec![0.0; months.len()];
    loop {
        match rdr.read_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(csv_error(loc, &e)),
        }
        let line = rec.position().map_or(0, |p| p.line());
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if rec.len() != ncol {
            return Err(Error::parse(
                loc.line(line).column_index(rec.len() as u64),
                format!("{ncol} fields as in the header"),
                format!("{} fields", rec.len()),
            ));
        }
        let major = rec.get(major_i).unwrap_or("");
        let minor = rec.get(minor_i).unwrap_or("");
        let borough = normalize_ws(rec.get(borough_i).unwrap_or(""));
        let key = (
            normalize_ws(major).to_uppercase(),
            normalize_ws(minor).to_uppercase(),
            borough.clone(),
        );
        if let Some(first) = seen_rows.insert(key, line) {
            return Err(Error::parse(
                loc.line(line).column_index(1),
                format!("a category and borough not already given (first on line {first})"),
                format!("{major} / {minor} / {borough}"),
            ));
        }
        for (j, v) in vals.iter_mut().enumerate() {
            let c = j + 3;
            let name = header.get(c).map(String::as_str).unwrap_or("");
            *v = number(&loc, line, c, name, rec.get(c).unwrap_or(""))?;
        }
        let cats = categories_of(major, minor);
        if cats.len() <= 1 && !unmapped.contains(&format!("{major} / {minor}")) {
            unmapped.push(format!("{major} / {minor}"));
        }
        let in_london = !NOT_BOROUGHS.contains(&borough.as_str());
        for cat in cats {
            let areas: &[&str] = if in_london {
                &[borough.as_str(), "London"]
            } else {
                &[borough.as_str()]
            };
            for area in areas {
                let e = cells
                    .entry((cat.to_string(), area.to_string()))
                    .or_insert_with(|| vec![0.0; months.len()]);
                for (a, b) in e.iter_mut().zip(&vals) {
                    *a += b;
                }
            }
        }
    }
    if cells.is_empty() {
        return Err(Error::format(loc.line(1), "no data rows after the header"));
    }
    Ok(MetTable {
        new_layout,
        months,
        cells,
        unmapped,
    })
}

/// Reads one Met borough file.
pub(crate) fn read_one(input: &Input<'_>) -> Result<Dataset> {
    let t = parse_table(input)?;
    splice(vec![(input.dataset(), input.provenance("", None, None), t)])
}

fn splice(tables: Vec<(Dataset, crate::series::Provenance, MetTable)>) -> Result<Dataset> {
    // For each month, the file that supplies it: new layout over old, then
    // the file whose data run later, then the later argument.
    let mut winner: BTreeMap<Period, usize> = BTreeMap::new();
    let rank = |i: usize| {
        tables
            .get(i)
            .map(|(_, _, t)| (t.new_layout, t.months.iter().max().copied(), i))
    };
    for (i, (_, _, t)) in tables.iter().enumerate() {
        for m in &t.months {
            let w = winner.entry(*m).or_insert(i);
            if rank(i) > rank(*w) {
                *w = i;
            }
        }
    }
    let (Some(first), Some(last)) = (winner.keys().next().copied(), winner.keys().last().copied())
    else {
        return Err(Error::other("no months to splice"));
    };
    let n = first.periods_until(&last)? as usize + 1;
    let mut keys: Vec<&(String, String)> =
        tables.iter().flat_map(|(_, _, t)| t.cells.keys()).collect();
    keys.sort();
    keys.dedup();
    let Some((ds0, _, _)) = tables.first() else {
        return Err(Error::other("no files to splice"));
    };
    let mut ds = ds0.clone();
    let provs: Vec<_> = tables
        .iter()
        .map(|(d, p, _)| {
            let mut p = p.clone();
            p.file.clone_from(&d.path);
            p
        })
        .collect();
    for (cat, area) in keys {
        let mut values = vec![f64::NAN; n];
        for (m, &w) in &winner {
            let Some((_, _, t)) = tables.get(w) else {
                continue;
            };
            let (Ok(i), Some(j)) = (first.periods_until(m), t.months.iter().position(|x| x == m))
            else {
                continue;
            };
            if let (Some(slot), Some(v)) = (
                values.get_mut(i as usize),
                t.cells
                    .get(&(cat.clone(), area.clone()))
                    .and_then(|c| c.get(j)),
            ) {
                *slot = *v;
            }
        }
        let name = format!("{cat}:{area}");
        let mut s = Series::new(name.as_str(), first, values)
            .with_title(format!(
                "{cat} offences recorded by the Metropolitan Police, {area}"
            ))
            .with_unit("offences")
            .with_measure(Measure::Count);
        for p in &provs {
            let mut p = p.clone();
            p.id.clone_from(&name);
            s = s.with_provenance(p);
        }
        ds.series.push(s);
    }
    let gaps: Vec<String> = (0..n as i64)
        .map(|i| first.offset(i))
        .filter(|p| !winner.contains_key(p))
        .map(|p| p.to_string())
        .collect();
    if !gaps.is_empty() {
        ds.notes
            .push(format!("months covered by no file: {}", gaps.join(", ")));
    }
    for (d, _, t) in &tables {
        if !t.unmapped.is_empty() {
            ds.notes.push(format!(
                "{}: categories counted only in total (or excluded): {}",
                d.path,
                t.unmapped.join("; ")
            ));
        }
    }
    ds.notes
        .push("total excludes fraud (recording moved to Action Fraud in 2013)".to_string());
    if tables.len() > 1 {
        ds.path = tables
            .iter()
            .map(|(d, _, _)| d.path.as_str())
            .collect::<Vec<_>>()
            .join(" + ");
        ds.notes.push(format!(
            "spliced {} files: on overlapping months the current-classification file wins, then the later file",
            tables.len()
        ));
    }
    Ok(ds)
}

/// Reads several Met borough files (either layout) and splices them into one
/// continuous dataset. On months that several files cover, a current-layout
/// file wins over an old-layout one, and among files of the same layout the
/// one whose data run later wins. Every series' provenance lists every file.
///
/// # Errors
/// A file that cannot be read, or one that is not a Met borough file.
///
/// ```
/// let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("notebooks-data/met_police_borough");
/// let a = dir.join("MPS_Borough_Level_Crime_recent24m_oldclass_201701-201812.csv");
/// let b = dir.join("MPS_Borough_Level_Crime_recent24m_202312-202511.csv");
/// let ds = colcrime::sources::read_many(&[a.as_path(), b.as_path()]).unwrap();
/// let s = ds.select("robbery:London", None).unwrap();
/// assert_eq!(s.start().to_string(), "2017-01");
/// assert_eq!(s.provenance.len(), 2);
/// ```
pub fn read_many(paths: &[&Path]) -> Result<Dataset> {
    let mut tables = Vec::new();
    for p in paths {
        let bytes = std::fs::read(p).map_err(|e| Error::io(p, e))?;
        let name = p.display().to_string();
        let format = super::detect(&bytes);
        if !matches!(format, Some(Format::MetBoroughNew | Format::MetBoroughOld)) {
            return Err(Error::format(
                crate::error::Location::new(p),
                format!(
                    "read_many splices Met Police borough files; this is {}",
                    format.map_or("not a recognised format", Format::name)
                ),
            ));
        }
        let input = Input {
            path: name,
            bytes: &bytes,
            sha256: super::sha256_hex(&bytes),
            format: format.unwrap_or(Format::MetBoroughNew),
        };
        let t = parse_table(&input)?;
        tables.push((input.dataset(), input.provenance("", None, None), t));
    }
    if tables.is_empty() {
        return Err(Error::usage("read_many needs at least one file"));
    }
    splice(tables)
}
