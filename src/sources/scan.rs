//! A fast reader of a few columns of a large CSV file, in parallel pieces.
//!
//! `colcrime data count` needs two or three columns of files with a dozen
//! (police.uk street records: 12 columns, about 230 bytes a row). A general
//! CSV parser looks at every byte through a state machine; this reader
//! instead finds each line's end with SIMD `memchr`, checks the line for a
//! quote character the same way, and, when there is none (almost every
//! police.uk row), splits it at its commas with `memchr_iter`, keeping only
//! the wanted fields. A line with a quote goes through a full RFC 4180
//! parser (quoted commas, doubled quotes and quoted line breaks).
//!
//! A file is cut into pieces of [`PIECE`] bytes that are read and scanned
//! in parallel. A piece after the first starts at the first line start at or
//! after its nominal offset and takes every record that *starts* before the
//! next piece's nominal offset. That guess of where a piece starts is wrong
//! only when a quoted field holds a line break across the cut; so the pieces
//! are checked in order afterwards (each must start exactly where the
//! previous one's last record ended) and a piece that started in the wrong
//! place is scanned again from the right one, its results and any error it
//! reported discarded. The counts are therefore exactly those of a
//! sequential parse.
//!
//! Rows with a different number of fields than the header are errors (a
//! stray unquoted comma would otherwise shift the columns and silently
//! count the wrong values). Empty lines are skipped, as the `csv` crate
//! does. Lines end in `\n` or `\r\n` (a lone `\r` is data, not a line end). Errors name the file and the line (header = line 1).

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use memchr::{memchr, memchr_iter};
use rayon::prelude::*;

use crate::error::{Error, Location, Result};

/// The longest line (or quoted record) a reader accepts: 16 MiB, a
/// thousand times the longest line of any shipped file, so that a file
/// without line breaks (`/dev/zero`, a binary file) fails fast with
/// bounded memory.
pub const MAX_LINE_BYTES: usize = 16 << 20;

/// Bytes per piece of a file scanned in parallel.
pub(crate) const PIECE: u64 = 16 << 20;

/// Wanted columns passed on the stack (more go through a `Vec`).
const STACK_SLOTS: usize = 16;

/// Bytes read at a time when looking for a line start.
const BLOCK: usize = 1 << 16;

/// Size of the buffer each piece streams through (kept small enough to
/// stay in cache, large enough to make reads cheap).
const BUF: usize = 1 << 20;

/// A problem found while scanning, before its line number is known.
#[derive(Debug)]
struct Bad {
    offset: u64,
    /// The 1-based column (field), when the problem is in one.
    column: Option<u64>,
    message: String,
}

/// A byte window on a file: `buf` holds the file's bytes from `base`.
struct Window {
    file: File,
    base: u64,
    buf: Vec<u8>,
    eof: bool,
}

impl Window {
    /// Opens `path` and reads `want` bytes from `base` (fewer at the end).
    fn open(path: &Path, base: u64, want: usize) -> Result<Window> {
        let mut file = File::open(path).map_err(|e| Error::io(path, e))?;
        file.seek(SeekFrom::Start(base))
            .map_err(|e| Error::io(path, e))?;
        let mut w = Window {
            file,
            base,
            buf: Vec::with_capacity(want),
            eof: false,
        };
        w.fill(path, want)?;
        Ok(w)
    }

    /// Appends up to `more` bytes; sets `eof` when the file ends. Reads
    /// into the vector's spare room without zeroing it first.
    fn fill(&mut self, path: &Path, more: usize) -> Result<()> {
        let start = self.buf.len();
        (&mut self.file)
            .take(more as u64)
            .read_to_end(&mut self.buf)
            .map_err(|e| Error::io(path, e))?;
        if self.buf.len() - start < more {
            self.eof = true;
        }
        Ok(())
    }

    /// Drops the first `p` bytes (already scanned) and reads more: up to
    /// [`BUF`] bytes in all, or twice what is left when one record is
    /// longer than that. Returns the new offset of byte `p` (zero).
    fn advance(&mut self, path: &Path, p: usize) -> Result<usize> {
        self.buf.drain(..p);
        self.base += p as u64;
        let room = BUF.saturating_sub(self.buf.len()).max(self.buf.len());
        self.fill(path, room.max(BLOCK))?;
        Ok(0)
    }
}

/// One parsed record, when the quick path could not be used: owned fields.
pub(crate) enum Slow {
    /// The record's fields and the offset (in the buffer) just past it.
    Record(Vec<Vec<u8>>, usize),
    /// The buffer ends inside the record: read more and try again.
    Incomplete,
    /// A quote that is never closed.
    Unterminated,
}

/// Parses one RFC 4180 record starting at `p`: a field that starts with a
/// quote runs to the matching quote (`""` is a quote; commas and line
/// breaks inside are data; text after the closing quote is kept, as the
/// `csv` crate does); other fields run to the next comma or line end. A
/// trailing `\r` before the line break is dropped.
pub(crate) fn parse_slow(buf: &[u8], p: usize, eof: bool) -> Slow {
    let mut fields = Vec::new();
    let mut i = p;
    loop {
        let mut cur = Vec::new();
        if buf.get(i) == Some(&b'"') {
            i += 1;
            loop {
                let Some(k) = memchr(b'"', &buf[i..]) else {
                    return if eof {
                        Slow::Unterminated
                    } else {
                        Slow::Incomplete
                    };
                };
                cur.extend_from_slice(&buf[i..i + k]);
                i += k + 1;
                match buf.get(i) {
                    Some(b'"') => {
                        cur.push(b'"');
                        i += 1;
                    }
                    None if !eof => return Slow::Incomplete,
                    _ => break,
                }
            }
        }
        // Unquoted text (or text after a closing quote) up to a separator.
        let quoted_len = cur.len();
        let rest = &buf[i..];
        let stop = rest.iter().position(|&b| b == b',' || b == b'\n');
        match stop {
            Some(k) => {
                cur.extend_from_slice(&rest[..k]);
                i += k;
            }
            None if !eof => return Slow::Incomplete,
            None => {
                cur.extend_from_slice(rest);
                i = buf.len();
            }
        }
        let at_comma = buf.get(i) == Some(&b',');
        if !at_comma && cur.len() > quoted_len && cur.last() == Some(&b'\r') {
            cur.pop();
        }
        fields.push(cur);
        if at_comma {
            i += 1;
        } else {
            let end = if i < buf.len() { i + 1 } else { i };
            return Slow::Record(fields, end);
        }
    }
}

/// The first record of a file, as names (BOM dropped, names trimmed), and
/// the byte offset where the data starts.
///
/// # Errors
/// The file cannot be read, or its header has an unclosed quote.
pub(crate) fn header(path: &Path) -> Result<(Vec<String>, u64, u64)> {
    let len = std::fs::metadata(path)
        .map_err(|e| Error::io(path, e))?
        .len();
    let mut w = Window::open(path, 0, BLOCK)?;
    loop {
        let bom = usize::from(w.buf.starts_with(b"\xef\xbb\xbf")) * 3;
        if w.buf.len() <= bom && w.eof {
            return Ok((Vec::new(), len, len));
        }
        match parse_slow(&w.buf, bom, w.eof) {
            Slow::Record(fields, end) => {
                let names = fields
                    .iter()
                    .map(|f| String::from_utf8_lossy(f).trim().to_string())
                    .collect();
                return Ok((names, end as u64, len));
            }
            Slow::Incomplete if w.buf.len() > MAX_LINE_BYTES => {
                return Err(Error::format(
                    Location::new(path).line(1),
                    format!(
                        "the header is longer than {} MiB: not a CSV file (or not one colcrime reads)",
                        MAX_LINE_BYTES >> 20
                    ),
                ));
            }
            Slow::Incomplete => w.fill(path, BLOCK.max(w.buf.len()))?,
            Slow::Unterminated => {
                return Err(Error::format(
                    Location::new(path).line(1),
                    "malformed CSV: the header has a quote that is never closed",
                ));
            }
        }
    }
}

/// What to take from each row: for every column, the slot its value goes
/// to (or none), and how many fields a row must have.
#[derive(Debug, Clone)]
pub(crate) struct Wanted {
    /// `slot[col]`: where column `col`'s value goes.
    pub slot: Vec<Option<usize>>,
    /// Number of slots.
    pub slots: usize,
    /// Fields a row must have (the header's).
    pub ncols: usize,
}

/// Receives the wanted fields of each row, in file order within a piece.
pub(crate) trait Sink: Send {
    /// One row's wanted fields, by slot.
    fn row(&mut self, fields: &[&[u8]]);
}

/// Result of scanning one piece.
struct PieceOut<S> {
    sink: S,
    rows: u64,
    /// Where the piece started scanning.
    start: u64,
    /// Just past its last record.
    end: u64,
    /// The first problem met, if any.
    bad: Option<Bad>,
}

/// Scans the records that start in `[start, stop)` (to the end of the file
/// when `stop` is `None`), from a known or guessed record start.
fn scan_piece<S: Sink>(
    path: &Path,
    start: u64,
    stop: Option<u64>,
    want: &Wanted,
    mut sink: S,
) -> Result<PieceOut<S>> {
    let mut w = Window::open(path, start, BUF)?;
    let mut p = 0usize;
    let mut rows = 0u64;
    let mut ranges: Vec<(usize, usize)> = vec![(0, 0); want.slots];
    let bad = loop {
        let abs = w.base + p as u64;
        if stop.is_some_and(|s| abs >= s) || (p >= w.buf.len() && w.eof) {
            break None;
        }
        if p >= w.buf.len() {
            p = w.advance(path, p)?;
            continue;
        }
        let (line_end, next) = match memchr(b'\n', &w.buf[p..]) {
            Some(k) => (p + k, p + k + 1),
            None if w.buf.len() - p > MAX_LINE_BYTES => {
                // No line break in 16 MiB (`/dev/zero`, a binary file):
                // refused before memory grows.
                break Some(Bad {
                    offset: abs,
                    column: None,
                    message: format!(
                        "a line longer than {} MiB: not a CSV file (or not one colcrime reads)",
                        MAX_LINE_BYTES >> 20
                    ),
                });
            }
            None if !w.eof => {
                p = w.advance(path, p)?;
                continue;
            }
            None => (w.buf.len(), w.buf.len()),
        };
        let mut line = &w.buf[p..line_end];
        if line.last() == Some(&b'\r') {
            line = &line[..line.len() - 1];
        }
        if line.is_empty() {
            p = next;
            continue;
        }
        if let Some(k) = memchr(b'\r', line) {
            let col = memchr_iter(b',', &line[..k]).count() + 1;
            break Some(Bad {
                offset: abs,
                column: Some(col as u64),
                message: "a carriage return (CR) inside a field: a lone CR is not a line end; save the file with LF or CRLF line ends".into(),
            });
        }
        if line.len() > MAX_LINE_BYTES {
            break Some(Bad {
                offset: abs,
                column: None,
                message: format!("a line longer than {} MiB", MAX_LINE_BYTES >> 20),
            });
        }
        if memchr(b'"', line).is_none() {
            let mut col = 0usize;
            let mut s = 0usize;
            for c in memchr_iter(b',', line) {
                if let Some(Some(slot)) = want.slot.get(col) {
                    ranges[*slot] = (s, c);
                }
                col += 1;
                s = c + 1;
            }
            if let Some(Some(slot)) = want.slot.get(col) {
                ranges[*slot] = (s, line.len());
            }
            if col + 1 != want.ncols {
                break Some(Bad {
                    offset: abs,
                    column: None,
                    message: format!(
                        "expected {} fields as in the header, found {}",
                        want.ncols,
                        col + 1
                    ),
                });
            }
            if ranges.len() <= STACK_SLOTS {
                let mut vals: [&[u8]; STACK_SLOTS] = [b""; STACK_SLOTS];
                for (v, &(a, b)) in vals.iter_mut().zip(&ranges) {
                    *v = &line[a..b];
                }
                sink.row(&vals[..ranges.len()]);
            } else {
                let vals: Vec<&[u8]> = ranges.iter().map(|&(a, b)| &line[a..b]).collect();
                sink.row(&vals);
            }
            rows += 1;
            p = next;
        } else {
            match parse_slow(&w.buf, p, w.eof) {
                Slow::Incomplete if w.buf.len() - p > MAX_LINE_BYTES => {
                    break Some(Bad {
                        offset: abs,
                        column: None,
                        message: format!(
                            "a record longer than {} MiB (a quote that is never closed?)",
                            MAX_LINE_BYTES >> 20
                        ),
                    });
                }
                Slow::Incomplete => {
                    p = w.advance(path, p)?;
                }
                Slow::Unterminated => {
                    break Some(Bad {
                        offset: abs,
                        column: None,
                        message: "a quoted field is never closed".into(),
                    });
                }
                Slow::Record(fields, end) => {
                    if let Some(i) = lone_cr(&w.buf, p, end) {
                        let (_, col) = line_and_column(&w.buf[p..], i - p);
                        break Some(Bad {
                            offset: abs,
                            column: Some(col),
                            message: "a carriage return (CR) inside a field: a lone CR is not a line end; save the file with LF or CRLF line ends".into(),
                        });
                    }
                    if fields.len() != want.ncols {
                        break Some(Bad {
                            offset: abs,
                            column: None,
                            message: format!(
                                "expected {} fields as in the header, found {}",
                                want.ncols,
                                fields.len()
                            ),
                        });
                    }
                    let mut vals: Vec<&[u8]> = vec![b""; want.slots];
                    for (col, f) in fields.iter().enumerate() {
                        if let Some(Some(slot)) = want.slot.get(col) {
                            vals[*slot] = f;
                        }
                    }
                    sink.row(&vals);
                    rows += 1;
                    p = end;
                }
            }
        }
    };
    Ok(PieceOut {
        sink,
        rows,
        start,
        end: w.base + p as u64,
        bad,
    })
}

/// The first line start at or after `offset` (the file's length if none).
fn line_start_after(path: &Path, offset: u64, len: u64) -> Result<u64> {
    let mut at = offset.saturating_sub(1);
    let mut w = Window::open(path, at, BLOCK)?;
    loop {
        if let Some(k) = memchr(b'\n', &w.buf) {
            return Ok(at + k as u64 + 1);
        }
        if w.eof {
            return Ok(len);
        }
        at += w.buf.len() as u64;
        w.buf.clear();
        w.base = at;
        w.fill(path, BLOCK)?;
    }
}

/// 1-based line number of byte `offset` of a file.
fn line_of(path: &Path, offset: u64) -> Result<u64> {
    let mut f = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut left = offset;
    let mut buf = vec![0u8; 1 << 20];
    let mut lines = 1u64;
    while left > 0 {
        let take = buf.len().min(left as usize);
        let k = f.read(&mut buf[..take]).map_err(|e| Error::io(path, e))?;
        if k == 0 {
            break;
        }
        lines += memchr_iter(b'\n', &buf[..k]).count() as u64;
        left -= k as u64;
    }
    Ok(lines)
}

/// Scans the data rows of one file (from `data_start`, the offset after
/// the header, to `len`) in parallel pieces of `piece` bytes; `make` gives
/// each piece its own sink. Returns the sinks in file order and the rows
/// read.
///
/// # Errors
/// The file cannot be read, or a row is malformed (file and line named).
pub(crate) fn scan_file<S, F>(
    path: &Path,
    data_start: u64,
    len: u64,
    piece: u64,
    want: &Wanted,
    make: F,
) -> Result<(Vec<S>, u64)>
where
    S: Sink,
    F: Fn() -> S + Sync,
{
    let piece = piece.max(1);
    let mut nominal = vec![data_start];
    let mut at = data_start + piece;
    while at < len {
        nominal.push(at);
        at += piece;
    }
    let outs: Vec<PieceOut<S>> = nominal
        .par_iter()
        .enumerate()
        .map(|(i, &from)| {
            let start = if i == 0 {
                from
            } else {
                line_start_after(path, from, len)?
            };
            scan_piece(path, start, nominal.get(i + 1).copied(), want, make())
        })
        .collect::<Result<_>>()?;
    let mut sinks = Vec::with_capacity(outs.len());
    let mut rows = 0;
    let mut expected_start = data_start;
    for (i, mut out) in outs.into_iter().enumerate() {
        if out.start != expected_start {
            // The guessed start fell inside a quoted line break: scan again.
            out = scan_piece(
                path,
                expected_start,
                nominal.get(i + 1).copied(),
                want,
                make(),
            )?;
        }
        if let Some(b) = out.bad {
            let line = line_of(path, b.offset)?;
            let mut loc = Location::new(path).line(line);
            if let Some(c) = b.column {
                loc = loc.column_index(c);
            }
            return Err(Error::format(loc, format!("malformed CSV: {}", b.message)));
        }
        rows += out.rows;
        expected_start = out.end;
        sinks.push(out.sink);
    }
    Ok((sinks, rows))
}

/// The offset of the first carriage return in `bytes[from..to]` that does
/// not start a CRLF line end: a CR inside a field. Every reader refuses
/// one (the `csv` crate would end a record there, the quick splitter would
/// keep it in the field, and number parsing would trim it away: three
/// readings of one file), naming its line and column.
pub(crate) fn lone_cr(bytes: &[u8], from: usize, to: usize) -> Option<usize> {
    let to = to.min(bytes.len());
    let from = from.min(to);
    memchr_iter(b'\r', &bytes[from..to])
        .map(|k| from + k)
        .find(|&i| bytes.get(i + 1) != Some(&b'\n'))
}

/// The 1-based line and column (field) of byte `offset` of CSV text:
/// fields are counted by the commas before it on its line, outside quotes.
pub(crate) fn line_and_column(buf: &[u8], offset: usize) -> (u64, u64) {
    let offset = offset.min(buf.len());
    let start = memchr::memrchr(b'\n', &buf[..offset]).map_or(0, |k| k + 1);
    let mut col = 1u64;
    let mut quoted = false;
    for &b in &buf[start..offset] {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => col += 1,
            _ => {}
        }
    }
    (line_at(buf, offset), col)
}

/// The error for a carriage return inside a field at byte `offset`.
pub(crate) fn lone_cr_error(name: &str, buf: &[u8], offset: usize) -> Error {
    let (line, col) = line_and_column(buf, offset);
    Error::format(
        Location::new(name).line(line).column_index(col),
        "a carriage return (CR) inside a field: a lone CR is not a line end; save the file with LF or CRLF line ends",
    )
}

/// The error for a malformed record at byte `offset` of in-memory text.
fn text_error(name: &str, buf: &[u8], offset: usize, message: &str) -> Error {
    Error::format(
        Location::new(name).line(line_at(buf, offset)),
        format!("malformed CSV: {message}"),
    )
}

/// 1-based line number of byte `offset` of in-memory text (header = 1):
/// one more than the line breaks before it (`b"a\nb\nc"`, offset 4: line 3).
pub(crate) fn line_at(buf: &[u8], offset: usize) -> u64 {
    1 + memchr_iter(b'\n', &buf[..offset.min(buf.len())]).count() as u64
}

/// Reads the header record of in-memory CSV text (after any BOM):
/// the trimmed names and the offset where the data starts.
///
/// # Errors
/// An unclosed quote in the header.
pub(crate) fn text_header(name: &str, buf: &[u8]) -> Result<(Vec<String>, usize)> {
    match parse_slow(buf, 0, true) {
        Slow::Record(fields, end) => Ok((
            fields
                .iter()
                .map(|f| String::from_utf8_lossy(f).trim().to_string())
                .collect(),
            end,
        )),
        _ => Err(text_error(
            name,
            buf,
            0,
            "the header has a quote that is never closed",
        )),
    }
}

/// Calls `f(offset, fields)` for every record of in-memory CSV text that
/// starts in `[start, stop)`, in order, with all `ncols` fields; empty
/// lines are skipped. `f` returns `Ok(false)` to stop early. Returns the
/// offset just past the last record handled.
///
/// # Errors
/// A row with a different number of fields, an unclosed quote (line
/// named), or the first error `f` returns.
pub(crate) fn for_each_record<F>(
    name: &str,
    buf: &[u8],
    start: usize,
    stop: usize,
    ncols: usize,
    mut f: F,
) -> Result<usize>
where
    F: FnMut(usize, &[&[u8]]) -> Result<bool>,
{
    let mut p = start;
    let mut fields: Vec<&[u8]> = Vec::with_capacity(ncols);
    while p < stop && p < buf.len() {
        let (line_end, next) = match memchr(b'\n', &buf[p..]) {
            Some(k) => (p + k, p + k + 1),
            None => (buf.len(), buf.len()),
        };
        let mut line = &buf[p..line_end];
        if line.last() == Some(&b'\r') {
            line = &line[..line.len() - 1];
        }
        if line.is_empty() {
            p = next;
            continue;
        }
        if let Some(i) = lone_cr(buf, p, p + line.len()) {
            return Err(lone_cr_error(name, buf, i));
        }
        let go = if memchr(b'"', line).is_none() {
            fields.clear();
            let mut s = 0;
            for c in memchr_iter(b',', line) {
                fields.push(&line[s..c]);
                s = c + 1;
            }
            fields.push(&line[s..]);
            if fields.len() != ncols {
                let msg = format!(
                    "expected {ncols} fields as in the header, found {}",
                    fields.len()
                );
                return Err(text_error(name, buf, p, &msg));
            }
            let go = f(p, &fields)?;
            p = next;
            go
        } else {
            match parse_slow(buf, p, true) {
                Slow::Record(owned, end) => {
                    if let Some(i) = lone_cr(buf, p, end) {
                        return Err(lone_cr_error(name, buf, i));
                    }
                    if owned.len() != ncols {
                        let msg = format!(
                            "expected {ncols} fields as in the header, found {}",
                            owned.len()
                        );
                        return Err(text_error(name, buf, p, &msg));
                    }
                    let refs: Vec<&[u8]> = owned.iter().map(Vec::as_slice).collect();
                    let go = f(p, &refs)?;
                    p = end;
                    go
                }
                _ => return Err(text_error(name, buf, p, "a quoted field is never closed")),
            }
        };
        if !go {
            break;
        }
    }
    Ok(p)
}

/// Runs [`for_each_record`] over the data of in-memory CSV text (from
/// `data_start`) in parallel pieces of about `piece` bytes, each with its
/// own state from `make`; returns the states in text order. Pieces that
/// guessed their start wrongly (a quoted line break across a cut) are run
/// again from the right place, their errors discarded, so the result and
/// the first error reported are those of a sequential pass.
///
/// # Errors
/// As [`for_each_record`]: the first error in text order.
pub(crate) fn par_records<S, M, F>(
    name: &str,
    buf: &[u8],
    data_start: usize,
    ncols: usize,
    piece: usize,
    make: M,
    f: F,
) -> Result<Vec<S>>
where
    S: Send,
    M: Fn() -> S + Sync,
    F: Fn(&mut S, usize, &[&[u8]]) -> Result<bool> + Sync,
{
    let piece = piece.max(1);
    let mut nominal = vec![data_start];
    let mut at = data_start + piece;
    while at < buf.len() {
        nominal.push(at);
        at += piece;
    }
    let run = |i: usize, start: usize| -> (usize, Result<(S, usize)>) {
        let stop = nominal.get(i + 1).copied().unwrap_or(buf.len());
        let mut state = make();
        let r = for_each_record(name, buf, start, stop, ncols, |o, fs| f(&mut state, o, fs));
        (start, r.map(|end| (state, end)))
    };
    let outs: Vec<(usize, Result<(S, usize)>)> = nominal
        .par_iter()
        .enumerate()
        .map(|(i, &from)| {
            let start = if i == 0 {
                from
            } else {
                memchr(b'\n', &buf[from - 1..]).map_or(buf.len(), |k| from + k)
            };
            run(i, start)
        })
        .collect();
    let mut states = Vec::with_capacity(outs.len());
    let mut expected = data_start;
    for (i, (start, mut out)) in outs.into_iter().enumerate() {
        if start != expected {
            out = run(i, expected).1;
        }
        let (state, end) = out?;
        states.push(state);
        expected = end;
    }
    Ok(states)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Collect(Vec<Vec<String>>);
    impl Sink for Collect {
        fn row(&mut self, fields: &[&[u8]]) {
            self.0.push(
                fields
                    .iter()
                    .map(|f| String::from_utf8_lossy(f).into_owned())
                    .collect(),
            );
        }
    }

    fn scan_text(text: &str, cols: &[&str], piece: u64) -> Result<Vec<Vec<String>>> {
        let dir = tempfile::tempdir().map_err(|e| Error::io("tmp", e))?;
        let path = dir.path().join("x.csv");
        std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
        let (head, start, len) = header(&path)?;
        let mut slot = vec![None; head.len()];
        for (k, c) in cols.iter().enumerate() {
            if let Some(i) = head.iter().position(|h| h == c) {
                slot[i] = Some(k);
            }
        }
        let want = Wanted {
            slot,
            slots: cols.len(),
            ncols: head.len(),
        };
        let (sinks, rows) = scan_file(&path, start, len, piece, &want, Collect::default)?;
        let all: Vec<Vec<String>> = sinks.into_iter().flat_map(|s| s.0).collect();
        assert_eq!(all.len() as u64, rows);
        Ok(all)
    }

    /// The same rows through the `csv` crate, the reference.
    fn csv_rows(text: &str, cols: &[&str]) -> Vec<Vec<String>> {
        let mut r = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let head: Vec<String> = r
            .headers()
            .map(|h| h.iter().map(|s| s.trim().to_string()).collect())
            .unwrap_or_default();
        let idx: Vec<usize> = cols
            .iter()
            .map(|c| head.iter().position(|h| h == c).unwrap_or(0))
            .collect();
        r.records()
            .map(|rec| {
                let rec = rec.unwrap_or_default();
                idx.iter()
                    .map(|&i| rec.get(i).unwrap_or("").to_string())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn quotes_commas_and_line_breaks_across_pieces() {
        let text = "id,Month,Crime type,Context\r\n\
                    1,2024-01,Robbery,\r\n\
                    2,\"2024-01\",\"Theft, other\",\"a\r\nb\"\r\n\
                    \r\n\
                    3,2024-02,\"He said \"\"hi\"\"\",x\r\n\
                    4,2024-02,Robbery,\"long\nquoted\nfield\nwith,commas\"\n\
                    5,2024-03,Burglary,last";
        let want = csv_rows(text, &["Month", "Crime type", "Context"]);
        assert_eq!(want.len(), 5);
        // Every piece size, so every cut position is tried, including inside quotes.
        for piece in 1..text.len() as u64 + 2 {
            let got = scan_text(text, &["Month", "Crime type", "Context"], piece).unwrap();
            assert_eq!(got, want, "piece size {piece}");
        }
    }

    #[test]
    fn ragged_row_is_an_error_with_its_line() {
        let text = "a,b,c\n1,2,3\n4,5\n";
        let e = scan_text(text, &["b"], 4).unwrap_err().to_string();
        assert!(e.contains(":3:") || e.contains(":3"), "{e}");
        assert!(e.contains("expected 3 fields"), "{e}");
        let e = scan_text("a,b\n\"1,2\n", &["b"], 100)
            .unwrap_err()
            .to_string();
        assert!(e.contains("never closed") && e.contains(":2"), "{e}");
    }

    #[test]
    fn bom_header_only_and_empty() {
        assert!(scan_text("\u{feff}a,b\n", &["a"], 10).unwrap().is_empty());
        assert!(scan_text("", &[], 10).unwrap().is_empty());
        let got = scan_text("\u{feff} a ,b\r\n1,2", &["a"], 10).unwrap();
        assert_eq!(got, vec![vec!["1".to_string()]]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        #[test]
        fn same_as_the_csv_crate(
            rows in proptest::collection::vec(
                proptest::collection::vec("[a-c,\"\r\n ]{0,6}", 3), 0..12),
            crlf in proptest::bool::ANY,
            piece in 1u64..40,
        ) {
            let nl = if crlf { "\r\n" } else { "\n" };
            let mut text = format!("x,y,z{nl}");
            for r in &rows {
                // A CR inside a field only as part of a CRLF: a lone CR is
                // refused by every reader (issue 17), where the csv crate
                // would keep it.
                let cells: Vec<String> = r
                    .iter()
                    .map(|c| format!("\"{}\"", c.replace('"', "\"\"").replace('\r', "\r\n")))
                    .collect();
                text.push_str(&cells.join(","));
                text.push_str(nl);
            }
            let want = csv_rows(&text, &["z", "x"]);
            let got = scan_text(&text, &["z", "x"], piece).unwrap();
            proptest::prop_assert_eq!(got, want);
        }
    }
}
