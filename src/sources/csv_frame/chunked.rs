//! Large CSV files read a chunk at a time.
//!
//! [`Frame::read_csv`](super::Frame::read_csv) on a file of more than
//! [`CHUNK_BYTES`] reads it in chunks cut at line ends and parses each as it
//! arrives, so the text is never held whole in memory: the chunk buffer is
//! reused, its pages stay in cache, and the parsed pieces' memory is reused
//! from chunk to chunk. Whatever this fast path cannot settle from what it
//! has seen, it hands back (`Ok(None)`) to the whole-file reader, which
//! gives the same frame or the same error with the file's own line numbers:
//! a quoted field (which may hold a line end), a column with no value in the
//! first [`FIRST_LIMIT`] bytes, text that is not UTF-8, a first column that
//! stops being dates, and every parse error. A reader thread reads the next
//! chunk while one is parsed.

use std::io::Read;
use std::path::Path;
use std::sync::mpsc;

use super::{Assembled, Frame, Layout, PartPool, parse_rows};
use crate::error::{Error, Result};

/// Bytes read per chunk (and the file size above which files are chunked).
pub(super) const CHUNK_BYTES: usize = 4 << 20;

/// Bytes read, at most, to find every column's kind.
pub(super) const FIRST_LIMIT: usize = 16 * CHUNK_BYTES;

/// Reads `path` in chunks of about `chunk` bytes, reading on up to
/// `first_limit` bytes to find every column's kind (see the module docs);
/// `Ok(None)` when the whole-file reader must decide.
///
/// A reader thread reads the next chunk while this one is parsed; chunk
/// buffers go back to it for reuse.
pub(super) fn read(path: &Path, chunk: usize, first_limit: usize) -> Result<Option<Frame>> {
    let name = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let chunk = chunk.max(1);
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::sync_channel::<std::io::Result<(Vec<u8>, bool)>>(1);
        let (back_tx, back_rx) = mpsc::channel::<Vec<u8>>();
        let reader = std::thread::Builder::new()
            .name("csv-reader".into())
            .spawn_scoped(scope, move || read_chunks(file, chunk, &tx, &back_rx));
        if reader.is_err() {
            // No thread to be had: the whole-file reader needs none.
            return Ok(None);
        }
        // Set from the first rows: the layout, the index column and the
        // columns being filled.
        let mut state: Option<(Layout, Option<usize>, Vec<bool>, Assembled)> = None;
        let pool = PartPool::default();
        // The first rows, kept until every column's kind is known.
        let mut first: Vec<u8> = Vec::new();
        let mut complete = false;
        for msg in rx.iter() {
            let (buf, eof) = msg.map_err(|e| Error::io(path, e))?;
            let settled = match state.as_mut() {
                Some((layout, date_col, is_text, columns)) => {
                    let text = text_of(&buf);
                    let ok = text.is_some_and(|t| {
                        parse_into(&name, t, 0, layout, *date_col, is_text, columns, &pool)
                    });
                    let _ = back_tx.send(buf);
                    ok
                }
                None => {
                    first.extend_from_slice(&buf);
                    let _ = back_tx.send(buf);
                    let Some(text) = text_of(&first) else {
                        return Ok(None);
                    };
                    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
                    if text.trim().is_empty() {
                        return Ok(None);
                    }
                    let Ok(layout) = Layout::scan(&name, text.as_bytes()) else {
                        return Ok(None);
                    };
                    if layout.kind.iter().any(Option::is_none) {
                        // A column without a value yet: read on a little.
                        if !eof && first.len() < first_limit {
                            continue;
                        }
                        return Ok(None);
                    }
                    let date_col = layout.date_col();
                    let is_text = layout.is_text(date_col);
                    let mut columns = Assembled::new(&layout, date_col);
                    // Rows in the file, estimated from these rows'.
                    let rows_here = memchr::memchr_iter(b'\n', text.as_bytes()).count().max(1);
                    let per_row = (text.len() / rows_here).max(1);
                    columns.reserve((size as usize / per_row + rows_here) / 64 * 65);
                    let start = layout.data_start;
                    let ok = parse_into(
                        &name,
                        text,
                        start,
                        &layout,
                        date_col,
                        &is_text,
                        &mut columns,
                        &pool,
                    );
                    state = Some((layout, date_col, is_text, columns));
                    first = Vec::new();
                    ok
                }
            };
            if !settled {
                return Ok(None);
            }
            if eof {
                complete = true;
                break;
            }
        }
        match state {
            Some((_, date_col, _, columns)) if complete => {
                columns.finish(&name, date_col).map(Some)
            }
            _ => Ok(None),
        }
    })
}

/// The reader thread: sends chunks of about `chunk` bytes cut after a
/// line end (with `true` on the last), reusing the buffers sent back. It
/// stops at the end of the file, on an error (sent on), or when the parser
/// has hung up.
fn read_chunks(
    mut file: std::fs::File,
    chunk: usize,
    tx: &mpsc::SyncSender<std::io::Result<(Vec<u8>, bool)>>,
    back: &mpsc::Receiver<Vec<u8>>,
) {
    // The partial last line of the previous chunk.
    let mut carry: Vec<u8> = Vec::new();
    loop {
        let mut buf = back
            .try_recv()
            .unwrap_or_else(|_| Vec::with_capacity(chunk + chunk / 4));
        buf.clear();
        buf.extend_from_slice(&carry);
        carry.clear();
        let got = match (&mut file).take(chunk as u64).read_to_end(&mut buf) {
            Ok(got) => got,
            Err(e) => {
                let _ = tx.send(Err(e));
                return;
            }
        };
        let eof = got < chunk;
        if !eof {
            match memchr::memrchr(b'\n', &buf) {
                Some(k) => carry.extend_from_slice(&buf[k + 1..]),
                None => {
                    // No line end yet: all of it carries over.
                    carry = buf;
                    continue;
                }
            }
            buf.truncate(buf.len() - carry.len());
        }
        if tx.send(Ok((buf, eof))).is_err() || eof {
            return;
        }
    }
}

/// A chunk as text, or `None` for the whole-file reader: a quote (a field
/// may hold a line end across chunks) or bytes that are not UTF-8.
fn text_of(buf: &[u8]) -> Option<&str> {
    if memchr::memchr(b'"', buf).is_some() {
        return None;
    }
    std::str::from_utf8(buf).ok()
}

/// Parses the rows of `text` from `start` into `columns`; `false` when the
/// whole-file reader must decide (an error, or a first column that stops
/// being dates).
#[allow(clippy::too_many_arguments)]
fn parse_into(
    name: &str,
    text: &str,
    start: usize,
    layout: &Layout,
    date_col: Option<usize>,
    is_text: &[bool],
    columns: &mut Assembled,
    pool: &PartPool,
) -> bool {
    let parsed = parse_rows(
        name,
        text,
        start,
        &layout.headers,
        date_col,
        is_text,
        Some(pool),
    );
    match parsed {
        Ok(parts) if !parts.iter().any(|p| p.not_a_date) => {
            columns.push(parts, Some(pool));
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunked_and_whole(
        text: &str,
        chunk: usize,
        first_limit: usize,
    ) -> (Result<Option<Frame>>, Result<Frame>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.csv");
        std::fs::write(&path, text).unwrap();
        (
            read(&path, chunk, first_limit),
            Frame::from_csv_str(&path.display().to_string(), text),
        )
    }

    fn same(a: &Frame, b: &Frame) {
        assert_eq!(a.index, b.index);
        assert_eq!(a.names(), b.names());
        for n in a.names() {
            let (x, y) = (a.column(n).unwrap(), b.column(n).unwrap());
            assert_eq!(x.len(), y.len());
            assert!(
                x.iter()
                    .zip(y)
                    .all(|(p, q)| p == q || (p.is_nan() && q.is_nan()))
            );
        }
        assert_eq!(a.text_names(), b.text_names());
        for n in a.text_names() {
            assert_eq!(a.text_column(n), b.text_column(n));
        }
    }

    /// Chunks of a few bytes (many rows cut across chunks) give the frame
    /// the whole-file reader gives: numbers, missing markers, CRLF, a BOM,
    /// text columns, monthly and coarsened quarterly indexes.
    #[test]
    fn chunks_give_the_whole_file_frame() {
        let mut monthly = String::from("\u{feff}date,y,x,borough\r\n");
        let mut quarterly = String::from("date,y\n");
        for i in 0..300 {
            let cell = if i % 7 == 3 {
                "..".to_string()
            } else {
                format!("{}.25", i * 3)
            };
            monthly.push_str(&format!(
                "{}-{:02},{i},{cell},B{}\r\n",
                2000 + i / 12,
                i % 12 + 1,
                i % 5
            ));
            quarterly.push_str(&format!(
                "{}-{:02}-01,{}\n",
                1990 + i / 4,
                (i % 4) * 3 + 1,
                i
            ));
        }
        let plain: String = (0..500).map(|i| format!("{i},{}\n", i * i)).collect();
        let plain = format!("a,b\n{plain}");
        for text in [&monthly, &quarterly, &plain] {
            for chunk in [1, 7, 64, 1000, 1 << 20] {
                let (c, w) = chunked_and_whole(text, chunk, 1 << 16);
                let c = c.unwrap().expect("chunked");
                same(&c, &w.unwrap());
            }
        }
    }

    /// `Frame::read_csv` on a file larger than a chunk reads it in chunks
    /// and gives the whole-file frame; with a quote it falls back.
    #[test]
    fn read_csv_chunks_large_files() {
        let mut text = String::from("y,x1,x2\n");
        let mut i = 0u64;
        while text.len() <= CHUNK_BYTES + CHUNK_BYTES / 8 {
            text.push_str(&format!("{i}.5,{}.25,-{}\n", i * 7 % 1000, i % 13));
            i += 1;
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.csv");
        std::fs::write(&path, &text).unwrap();
        let whole = Frame::from_csv_str(&path.display().to_string(), &text).unwrap();
        assert_eq!(whole.nrows() as u64, i);
        let chunked = read(&path, CHUNK_BYTES, FIRST_LIMIT)
            .unwrap()
            .expect("chunked");
        same(&chunked, &whole);
        same(&Frame::read_csv(&path).unwrap(), &whole);
        // A bad cell far down is reported at its own line.
        text.push_str("1,oops,2\n");
        std::fs::write(&path, &text).unwrap();
        let e = Frame::read_csv(&path).unwrap_err().to_string();
        assert!(e.contains(&format!(":{}:2:", i + 2)), "{e}");
    }

    /// What the fast path cannot settle goes back to the whole-file reader.
    #[test]
    fn hands_back_what_it_cannot_settle() {
        // A quoted cell in a later chunk, a column empty in the first 320
        // bytes, a first column that stops being dates, and a bad cell.
        let mut quoted = String::from("g,y\n");
        let mut late = String::from("y,x\n");
        let mut sparse = String::from("y,x\n");
        let mut dates = String::from("when,y\n");
        let mut bad = String::from("y,x\n");
        for i in 0..200 {
            quoted.push_str(&format!("{},{i}\n", if i == 150 { "\"a,b\"" } else { "a" }));
            late.push_str(&format!("{i},{}\n", if i < 100 { "" } else { "1" }));
            sparse.push_str(&format!("{i},{}\n", if i < 150 { "" } else { "1" }));
            dates.push_str(&format!(
                "{},{i}\n",
                if i < 150 {
                    format!("{}", 1800 + i)
                } else {
                    "5.5".into()
                }
            ));
            bad.push_str(&format!("{i},{}\n", if i == 180 { "oops" } else { "2" }));
        }
        for text in [&quoted, &sparse, &dates] {
            let (c, w) = chunked_and_whole(text, 20, 320);
            assert!(c.unwrap().is_none());
            assert_eq!(w.unwrap().nrows(), 200);
        }
        // The whole-file reader names the bad cell's own line.
        // A column empty in the first chunk is read on until it has a value.
        let (c, w) = chunked_and_whole(&late, 100, 1600);
        same(&c.unwrap().expect("chunked"), &w.unwrap());
        let (c, w) = chunked_and_whole(&bad, 100, 1600);
        assert!(c.unwrap().is_none());
        assert!(w.unwrap_err().to_string().contains(":182:2:"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// On random files (numbers, markers, text labels, dates, and in half
        /// of them bad cells, quotes and ragged rows; BOM, CRLF) and random
        /// chunk sizes, the chunked reader either hands
        /// back or gives exactly the whole-file reader's frame, and never an
        /// error of its own.
        #[test]
        fn never_differs_from_the_whole_file_reader(
            rows in proptest::collection::vec(
                proptest::collection::vec(0usize..12, 3), 0..40),
            dated in proptest::bool::ANY,
            crlf in proptest::bool::ANY,
            bom in proptest::bool::ANY,
            risky in proptest::bool::ANY,
            labels in proptest::bool::ANY,
            chunk in 1usize..120,
            first_limit in 1usize..600,
        ) {
            const SAFE: [&str; 9] = ["1", "-2.5", "3e2", "0.125", "", "..", "x", "[c]", " 7 "];
            const RISKY: [&str; 3] = ["abc", "\"4\"", "1,5"];
            const LABELS: [&str; 4] = ["a", "b", "..", "Camden"];
            let nl = if crlf { "\r\n" } else { "\n" };
            let mut text = String::from(if bom { "\u{feff}" } else { "" });
            text.push_str(if dated { "date,y,x,g" } else { "y,x,g" });
            text.push_str(nl);
            for (i, r) in rows.iter().enumerate() {
                if dated {
                    // Monthly dates; a pick of 11 in the first cell breaks them.
                    if risky && r[0] == 11 {
                        text.push_str("later,");
                    } else {
                        text.push_str(&format!("{}-{:02},", 2000 + i / 12, i % 12 + 1));
                    }
                }
                let cells: Vec<&str> = r
                    .iter()
                    .enumerate()
                    .map(|(c, &k)| match k {
                        // A bad cell, a quote or a ragged row, now and then.
                        9..=11 if risky => RISKY[k - 9],
                        _ if c == 2 && labels => LABELS[k % 4],
                        _ => SAFE[k % 9],
                    })
                    .collect();
                text.push_str(&cells.join(","));
                text.push_str(nl);
            }
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("p.csv");
            std::fs::write(&path, &text).unwrap();
            let chunked = read(&path, chunk, first_limit);
            proptest::prop_assert!(chunked.is_ok(), "{:?}", chunked.err());
            let whole = Frame::from_csv_str(&path.display().to_string(), &text);
            if let Ok(Some(c)) = chunked {
                match whole {
                    Ok(w) => same(&c, &w),
                    Err(e) => proptest::prop_assert!(false, "chunked read a file the whole reader rejects: {e}"),
                }
            }
        }
    }
}
