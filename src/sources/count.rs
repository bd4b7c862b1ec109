//! Fast group-by counting over police.uk-style CSVs (`colcrime data count`).
//!
//! Each file is read once, in parallel pieces, by the quick column
//! scanner in `sources/scan.rs` (SIMD line and comma search; a full CSV
//! parser only for lines with quotes); only the key and filter columns are
//! kept; keys are counted in a hash map of byte strings per piece, and the
//! pieces and files are merged. Rows whose field count differs from the
//! header's are errors naming the file and line.
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

use super::scan;
use crate::error::{Error, Result};

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

/// Counts the keys of one piece of a file.
struct Counter {
    /// Slots `0..nkeys` are the key columns, then the filter columns.
    nkeys: usize,
    filters: Vec<Vec<u8>>,
    map: KeyMap,
    key: Vec<u8>,
}

impl scan::Sink for Counter {
    fn row(&mut self, fields: &[&[u8]]) {
        let (keys, tests) = fields.split_at(self.nkeys.min(fields.len()));
        if !tests
            .iter()
            .zip(&self.filters)
            .all(|(f, v)| *f == v.as_slice())
        {
            return;
        }
        self.key.clear();
        for (j, k) in keys.iter().enumerate() {
            if j > 0 {
                self.key.push(0x1f);
            }
            self.key.extend_from_slice(k);
        }
        if let Some(c) = self.map.get_mut(self.key.as_slice()) {
            *c += 1;
        } else {
            self.map.insert(self.key.clone(), 1);
        }
    }
}

/// Counts one file, in parallel pieces of `piece` bytes ([`scan`]).
fn count_file(path: &Path, by: &[String], filters: &[Filter], piece: u64) -> Result<(KeyMap, u64)> {
    let (header, data_start, len) = scan::header(path)?;
    if header.is_empty() {
        return Err(Error::format(
            crate::error::Location::new(path),
            "the file is empty: expected a header row such as Crime ID,Month,...",
        ));
    }
    let find = |name: &str| {
        header.iter().position(|h| h == name).ok_or_else(|| {
            Error::not_found(
                format!("column in {}", path.display()),
                name,
                header.clone(),
            )
        })
    };
    let mut slot = vec![None; header.len()];
    let mut filter_values = Vec::new();
    let wanted: Vec<usize> = by
        .iter()
        .map(|b| find(b))
        .chain(filters.iter().map(|f| find(&f.column)))
        .collect::<Result<_>>()?;
    // A column used twice (a key that is also filtered on) is read once per
    // use: give each use its own slot by remembering the first and copying.
    let mut dup: Vec<(usize, usize)> = Vec::new();
    for (s, &col) in wanted.iter().enumerate() {
        match slot[col] {
            None => slot[col] = Some(s),
            Some(first) => dup.push((first, s)),
        }
    }
    for f in filters {
        filter_values.push(f.value.as_bytes().to_vec());
    }
    let want = scan::Wanted {
        slot,
        slots: wanted.len(),
        ncols: header.len(),
    };
    let make = || Counter {
        nkeys: by.len(),
        filters: filter_values.clone(),
        map: KeyMap::default(),
        key: Vec::with_capacity(128),
    };
    let (parts, rows) = if dup.is_empty() {
        scan::scan_file(path, data_start, len, piece, &want, make)?
    } else {
        let make_dup = || Duplicated {
            dup: dup.clone(),
            inner: make(),
            buf: Vec::new(),
        };
        let (parts, rows) = scan::scan_file(path, data_start, len, piece, &want, make_dup)?;
        (parts.into_iter().map(|d| d.inner).collect(), rows)
    };
    let mut it = parts.into_iter();
    let mut map = it.next().map(|c| c.map).unwrap_or_default();
    for c in it {
        for (k, n) in c.map {
            *map.entry(k).or_insert(0) += n;
        }
    }
    Ok((map, rows))
}

/// A [`Counter`] for a column used more than once (`--by X --where X=v`):
/// fills the later slots from the first.
struct Duplicated {
    dup: Vec<(usize, usize)>,
    inner: Counter,
    buf: Vec<Vec<u8>>,
}

impl scan::Sink for Duplicated {
    fn row(&mut self, fields: &[&[u8]]) {
        self.buf.clear();
        self.buf.extend(fields.iter().map(|f| f.to_vec()));
        for &(first, s) in &self.dup {
            if let Some(v) = self.buf.get(first).cloned()
                && let Some(slot) = self.buf.get_mut(s)
            {
                *slot = v;
            }
        }
        let refs: Vec<&[u8]> = self.buf.iter().map(Vec::as_slice).collect();
        self.inner.row(&refs);
    }
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
    let task = crate::progress::task(files.len() as u64, "files counted");
    let parts: Vec<(KeyMap, u64)> = files
        .par_iter()
        .map(|p| {
            let part = count_file(p, by, filters, scan::PIECE);
            task.advance();
            part
        })
        .collect::<Result<_>>()?;
    drop(task);
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
