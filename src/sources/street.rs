//! police.uk street-level crime CSVs: monthly counts per crime type,
//! streamed row by row (a file is never loaded whole).
//!
//! ```
//! let f = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
//!     .join("notebooks-data/police_uk_street/city_of_london_all_crime/2021-09-city-of-london-street.csv");
//! let ds = colcrime::sources::read(&f).unwrap();
//! let total = ds.select("total", None).unwrap().values()[0];
//! let asb = ds.select("anti_social_behaviour", None).unwrap().values()[0];
//! assert!(total > asb && asb > 0.0);
//! ```

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use super::{Dataset, Format, Input, csv_error, snake_case};
use crate::error::{Error, Location, Result};
use crate::series::{Measure, Period, Provenance, Series};

fn count_stream<R: Read>(
    loc: &Location,
    r: R,
) -> Result<(BTreeMap<String, BTreeMap<Period, f64>>, u64)> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .buffer_capacity(1 << 18)
        .from_reader(r);
    let mut rec = csv::ByteRecord::new();
    match rdr.read_byte_record(&mut rec) {
        Ok(true) => {}
        Ok(false) => return Err(Error::format(loc.clone(), "the file is empty")),
        Err(e) => return Err(csv_error(loc.clone(), &e)),
    }
    let header: Vec<String> = rec
        .iter()
        .enumerate()
        .map(|(i, h)| {
            String::from_utf8_lossy(if i == 0 { super::strip_bom(h) } else { h })
                .trim()
                .to_string()
        })
        .collect();
    let find = |n: &str| {
        header.iter().position(|h| h == n).ok_or_else(|| {
            Error::format(
                loc.clone().line(1),
                format!(
                    "police.uk header has no \"{n}\" column (header: {})",
                    header.join(",")
                ),
            )
        })
    };
    let (mi, ti) = (find("Month")?, find("Crime type")?);
    let mut counts: BTreeMap<(Vec<u8>, Vec<u8>), f64> = BTreeMap::new();
    let mut n = 0u64;
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(csv_error(loc.clone(), &e)),
        }
        n += 1;
        let m = rec.get(mi).unwrap_or(b"");
        let t = rec.get(ti).unwrap_or(b"");
        if let Some(c) = counts.get_mut(&(m.to_vec(), t.to_vec())) {
            *c += 1.0;
            continue;
        }
        // First time this key is seen: check it.
        let line = rec.position().map_or(0, |p| p.line());
        let ms = String::from_utf8_lossy(m);
        let ok =
            ms.len() == 7 && ms.as_bytes().get(4) == Some(&b'-') && Period::parse(&ms).is_some();
        if !ok {
            return Err(Error::parse(
                loc.clone()
                    .line(line)
                    .column_index(mi as u64 + 1)
                    .column("Month"),
                "a month YYYY-MM",
                ms,
            ));
        }
        if t.iter().all(u8::is_ascii_whitespace) {
            return Err(Error::parse(
                loc.clone()
                    .line(line)
                    .column_index(ti as u64 + 1)
                    .column("Crime type"),
                "a crime type",
                "",
            ));
        }
        counts.insert((m.to_vec(), t.to_vec()), 1.0);
    }
    let mut by_type: BTreeMap<String, BTreeMap<Period, f64>> = BTreeMap::new();
    for ((m, t), c) in counts {
        let p = Period::parse(&String::from_utf8_lossy(&m))
            .ok_or_else(|| Error::other("month checked above"))?;
        *by_type
            .entry(snake_case(&String::from_utf8_lossy(&t)))
            .or_default()
            .entry(p)
            .or_insert(0.0) += c;
        *by_type
            .entry("total".to_string())
            .or_default()
            .entry(p)
            .or_insert(0.0) += c;
    }
    Ok((by_type, n))
}

fn build(
    mut ds: Dataset,
    prov: Provenance,
    by_type: BTreeMap<String, BTreeMap<Period, f64>>,
    rows: u64,
) -> Result<Dataset> {
    if by_type.is_empty() {
        return Err(Error::format(
            Location::new(&ds.path).line(2),
            "no data rows after the header",
        ));
    }
    // Every crime type shares the file's months; a month with no row of a
    // type is a true zero count (the file lists every crime).
    let months: Vec<Period> = by_type
        .get("total")
        .map(|m| m.keys().copied().collect())
        .unwrap_or_default();
    for (name, m) in by_type {
        let pairs: Vec<(Period, f64)> = months
            .iter()
            .map(|p| (*p, m.get(p).copied().unwrap_or(0.0)))
            .collect();
        let mut p = prov.clone();
        p.id.clone_from(&name);
        ds.series.push(
            Series::from_pairs(name.as_str(), pairs)?
                .with_title(format!("{name} (police.uk street-level crimes)"))
                .with_unit("crimes")
                .with_measure(Measure::Count)
                .with_provenance(p),
        );
    }
    ds.notes
        .push(format!("{rows} rows counted by month and crime type"));
    Ok(ds)
}

/// Reads a street file from disk, streaming it.
pub(crate) fn read_street(path: &Path) -> Result<Dataset> {
    let loc = Location::new(path);
    let f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let (by_type, rows) = count_stream(&loc, f)?;
    let sha = super::sha256_file(path)?;
    let name = path.display().to_string();
    let ds = Dataset {
        format: Format::PoliceUkStreet,
        path: name.clone(),
        sha256: sha.clone(),
        release: None,
        series: Vec::new(),
        notes: Vec::new(),
    };
    let mut prov = Provenance::new(name, sha, "");
    prov.format = Some(Format::PoliceUkStreet.key().to_string());
    build(ds, prov, by_type, rows)
}

/// Reads a street file already in memory.
pub(crate) fn read_street_bytes(input: &Input<'_>) -> Result<Dataset> {
    let (by_type, rows) = count_stream(&input.loc(), input.bytes)?;
    build(
        input.dataset(),
        input.provenance("", None, None),
        by_type,
        rows,
    )
}
