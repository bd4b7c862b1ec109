//! Fast group-by counting over police.uk-style CSVs (`colcrime data count`).
//!
//! Each file is streamed once with a reused [`csv::ByteRecord`]; only the
//! key and filter columns are looked at; keys are counted in a hash map of
//! byte strings; files are counted in parallel (rayon) and merged.
//!
//! ```
//! use colcrime::sources::count::{count, Filter};
//! let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
//!     .join("notebooks-data/police_uk_street/metropolitan_burglary_only");
//! let r = count(&[dir], &["Month".to_string()], &[Filter::parse("Crime type=Burglary").unwrap()]).unwrap();
//! assert_eq!(r.files, 4);
//! assert_eq!(r.rows.len(), 4);
//! assert_eq!(r.rows.iter().map(|(_, n)| n).sum::<u64>(), r.rows_read);
//! ```

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, Location, Result};

/// A `COLUMN=VALUE` condition; a row is kept when the column equals the
/// value exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// The column name.
    pub column: String,
    /// The value it must equal.
    pub value: String,
}

impl Filter {
    /// Parses `COLUMN=VALUE`.
    ///
    /// # Errors
    /// No `=` in the text.
    ///
    /// ```
    /// let f = colcrime::sources::count::Filter::parse("Crime type=Robbery").unwrap();
    /// assert_eq!((f.column.as_str(), f.value.as_str()), ("Crime type", "Robbery"));
    /// assert!(colcrime::sources::count::Filter::parse("Robbery").is_err());
    /// ```
    pub fn parse(s: &str) -> Result<Filter> {
        let (c, v) = s
            .split_once('=')
            .ok_or_else(|| Error::usage(format!("--where expects COLUMN=VALUE, found \"{s}\"")))?;
        Ok(Filter {
            column: c.trim().to_string(),
            value: v.to_string(),
        })
    }
}

/// The result of [`count`].
#[derive(Debug, Clone, PartialEq)]
pub struct CountResult {
    /// The key columns.
    pub by: Vec<String>,
    /// (key values, count), sorted by key.
    pub rows: Vec<(Vec<String>, u64)>,
    /// Files read.
    pub files: usize,
    /// Data rows read (before filtering).
    pub rows_read: u64,
}

impl CountResult {
    /// The counts as CSV: the key columns, then `n`; text that a
    /// spreadsheet would evaluate as a formula is defused
    /// ([`crate::spreadsheet::defuse`]).
    ///
    /// ```
    /// use colcrime::sources::count::CountResult;
    /// let r = CountResult { by: vec!["Month".into()], rows: vec![(vec!["2024-01".into()], 3)], files: 1, rows_read: 3 };
    /// assert_eq!(r.to_csv(), "Month,n\n2024-01,3\n");
    /// let evil = CountResult { by: vec!["Crime type".into()], rows: vec![(vec!["=1+1".into()], 1)], files: 1, rows_read: 1 };
    /// assert_eq!(evil.to_csv(), "Crime type,n\n'=1+1,1\n");
    /// ```
    pub fn to_csv(&self) -> String {
        let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
        let mut head: Vec<String> = self
            .by
            .iter()
            .map(|b| crate::spreadsheet::defuse(b))
            .collect();
        head.push("n".into());
        let _ = w.write_record(&head);
        for (k, n) in &self.rows {
            let mut rec: Vec<String> = k.iter().map(|c| crate::spreadsheet::defuse(c)).collect();
            rec.push(n.to_string());
            let _ = w.write_record(&rec);
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }

    /// The contract's JSON: `{"by", "rows": [{col: value, ..., "n"}], "files", "rows_read"}`.
    ///
    /// ```
    /// use colcrime::sources::count::CountResult;
    /// let r = CountResult { by: vec!["Month".into()], rows: vec![(vec!["2024-01".into()], 3)], files: 1, rows_read: 3 };
    /// assert_eq!(r.to_json()["rows"][0]["n"], 3);
    /// ```
    pub fn to_json(&self) -> serde_json::Value {
        let rows: Vec<serde_json::Value> = self
            .rows
            .iter()
            .map(|(k, n)| {
                let mut m = serde_json::Map::new();
                for (c, v) in self.by.iter().zip(k) {
                    m.insert(c.clone(), serde_json::Value::from(v.clone()));
                }
                m.insert("n".into(), serde_json::Value::from(*n));
                serde_json::Value::Object(m)
            })
            .collect();
        serde_json::json!({"by": self.by, "rows": rows, "files": self.files, "rows_read": self.rows_read})
    }
}

/// FNV-1a-style 64-bit hasher: keys are short byte strings, and SipHash's
/// DoS resistance is not needed for counting a file.
#[derive(Default, Clone, Copy, Debug)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type KeyMap = HashMap<Vec<u8>, u64, BuildHasherDefault<KeyHasher>>;

/// Every `*.csv` under `paths` (folders recursively), sorted; files given
/// directly are kept whatever their name.
///
/// # Errors
/// A path that does not exist or a folder that cannot be listed.
///
/// ```
/// let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("notebooks-data/police_uk_street/city_of_london_all_crime");
/// let files = colcrime::sources::count::csv_files(&[dir]).unwrap();
/// assert_eq!(files.len(), 36);
/// ```
pub fn csv_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
        let rd = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        let mut entries: Vec<PathBuf> = Vec::new();
        for e in rd {
            entries.push(e.map_err(|e| Error::io(dir, e))?.path());
        }
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out)?;
            } else if p.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv")) {
                out.push(p);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| Error::io(p, e))?;
        if meta.is_dir() {
            let mut v = Vec::new();
            walk(p, &mut v)?;
            out.extend(v);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// Counts one file.
fn count_file(path: &Path, by: &[String], filters: &[Filter]) -> Result<(KeyMap, u64)> {
    let f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .buffer_capacity(1 << 20)
        .from_reader(f);
    let loc = Location::new(path);
    let mut rec = csv::ByteRecord::new();
    match rdr.read_byte_record(&mut rec) {
        Ok(true) => {}
        Ok(false) => return Ok((KeyMap::default(), 0)),
        Err(e) => return Err(super::csv_error(loc, &e)),
    }
    let header: Vec<String> = rec
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let h = if i == 0 { super::strip_bom(h) } else { h };
            String::from_utf8_lossy(h).trim().to_string()
        })
        .collect();
    let find = |name: &str| {
        header.iter().position(|h| h == name).ok_or_else(|| {
            Error::not_found(
                format!("column in {}", path.display()),
                name,
                header.clone(),
            )
        })
    };
    let key_idx: Vec<usize> = by.iter().map(|b| find(b)).collect::<Result<_>>()?;
    let filt: Vec<(usize, &[u8])> = filters
        .iter()
        .map(|f| Ok((find(&f.column)?, f.value.as_bytes())))
        .collect::<Result<_>>()?;
    let mut map = KeyMap::default();
    let mut key: Vec<u8> = Vec::with_capacity(128);
    let mut n = 0u64;
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(super::csv_error(loc, &e)),
        }
        n += 1;
        if !filt.iter().all(|(i, v)| rec.get(*i) == Some(*v)) {
            continue;
        }
        key.clear();
        for (j, i) in key_idx.iter().enumerate() {
            if j > 0 {
                key.push(0x1f);
            }
            key.extend_from_slice(rec.get(*i).unwrap_or(b""));
        }
        if let Some(c) = map.get_mut(key.as_slice()) {
            *c += 1;
        } else {
            map.insert(key.clone(), 1);
        }
    }
    Ok((map, n))
}

/// Counts rows of police.uk-style CSVs grouped by the `by` columns, keeping
/// rows where every filter holds. Folders are searched recursively for
/// `*.csv`. Rows are sorted by key.
///
/// # Errors
/// A file that cannot be read, a malformed row (file and line), or a
/// column that is not in a file's header (the message lists the header).
///
/// ```
/// use colcrime::sources::count::count;
/// let f = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
///     .join("notebooks-data/police_uk_street/city_of_london_all_crime/2021-09-city-of-london-street.csv");
/// let r = count(&[f.clone()], &["Month".into(), "Crime type".into()], &[]).unwrap();
/// assert_eq!(r.rows[0].0[0], "2021-09");
/// assert!(count(&[f], &["Nope".into()], &[]).unwrap_err().to_string().contains("Crime type"));
/// ```
pub fn count(paths: &[PathBuf], by: &[String], filters: &[Filter]) -> Result<CountResult> {
    if by.is_empty() {
        return Err(Error::usage("--by needs at least one column"));
    }
    let files = csv_files(paths)?;
    let parts: Vec<(KeyMap, u64)> = files
        .par_iter()
        .map(|p| count_file(p, by, filters))
        .collect::<Result<_>>()?;
    let mut total = KeyMap::default();
    let mut rows_read = 0;
    for (m, n) in parts {
        rows_read += n;
        for (k, c) in m {
            *total.entry(k).or_insert(0) += c;
        }
    }
    let mut rows: Vec<(Vec<String>, u64)> = total
        .into_iter()
        .map(|(k, c)| {
            (
                k.split(|b| *b == 0x1f)
                    .map(|p| String::from_utf8_lossy(p).into_owned())
                    .collect(),
                c,
            )
        })
        .collect();
    rows.sort();
    Ok(CountResult {
        by: by.to_vec(),
        rows,
        files: files.len(),
        rows_read,
    })
}
