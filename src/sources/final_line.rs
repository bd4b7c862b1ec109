//! The last line of a CSV text that has no line break: a complete row, or
//! a download or copy cut part-way through?
//!
//! Many official files end without a final line break (the ONS CPIH table,
//! the Bank of England's rate history, ASHE), so a missing line break alone
//! is not an error. A row cut part-way leaves one of two marks, and both
//! are refused with the line and column ([`check`]):
//!
//! - the last cell is empty: the text was cut just after a comma;
//! - the last cell is a number shorter than every number of its column in
//!   the rows above (fewer digits before the point, or fewer after it):
//!   the text was cut in the middle of that number, e.g. `2417` cut to `24`
//!   where every other count of the column has four digits, or `121.858`
//!   cut to `121.8` where every other value has three decimals.
//!
//! A cut that leaves a value of its column's usual shape cannot be told
//! from a complete file; a file that ends with its line break is never
//! questioned.
//!
//! ```
//! use colcrime::sources::csv_frame;
//! let whole = "date,y\n2024-01,1.25\n2024-02,1.50\n2024-03,1.00\n2024-04,1.75";
//! let e = csv_frame::from_str("t.csv", &whole[..whole.len() - 1]).unwrap_err();
//! assert!(e.to_string().starts_with("t.csv:5:2: the file ends without a line break"), "{e}");
//! assert!(csv_frame::from_str("t.csv", whole).is_ok());
//! ```

use crate::error::{Error, Location, Result};
use crate::series::frame::{is_missing_marker, parse_number};

/// How many rows above the last one are compared with it.
const ROWS_ABOVE: usize = 200;

/// The fewest numbers of the column above the last row for its shape to
/// be judged.
const MIN_ABOVE: usize = 3;

/// Refuses CSV text whose last line has no line break and looks cut
/// part-way (see the module docs); `name` is used in the message. A text
/// that ends with a line break, or whose last line is its only line,
/// passes.
///
/// # Errors
/// [`Error::Format`] naming the last line and its last column.
///
/// # Examples
/// ```
/// use colcrime::sources::final_line;
/// assert!(final_line::check("t.csv", b"y,x\n10,1\n20,2\n30,").is_err());
/// assert!(final_line::check("t.csv", b"y,x\n10,1\n20,2\n30,").unwrap_err().to_string().contains("right after a comma"));
/// assert!(final_line::check("t.csv", b"y,x\n10,1\n20,2\n30,3").is_ok());
/// assert!(final_line::check("t.csv", b"y,x\n10,1\n20,2\n30,\n").is_ok());
/// ```
pub fn check(name: &str, text: &[u8]) -> Result<()> {
    if text.is_empty() || matches!(text.last(), Some(b'\n' | b'\r')) {
        return Ok(());
    }
    let Some(nl) = memchr::memrchr(b'\n', text) else {
        return Ok(());
    };
    let last = &text[nl + 1..];
    let Some(cells) = split_line(last) else {
        return Ok(());
    };
    let line = 1 + memchr::memchr_iter(b'\n', text).count() as u64;
    let col = cells.len();
    let loc = Location::new(name).line(line).column_index(col as u64);
    let cell = cells[col - 1].trim();
    if cell.is_empty() {
        return Err(Error::format(
            loc,
            "the file ends without a line break right after a comma: its last row looks cut part-way (its last cell is empty); download or copy the file again, or end the file with a line break if the row is complete",
        ));
    }
    let Some(shape) = Shape::of(cell) else {
        return Ok(());
    };
    let above = rows_above(&text[..nl], col);
    if above.len() < MIN_ABOVE {
        return Ok(());
    }
    let int_min = above.iter().map(|s| s.int_digits).min().unwrap_or(0);
    let dec_min = above.iter().map(|s| s.decimals).min().unwrap_or(0);
    if shape.int_digits < int_min || shape.decimals < dec_min {
        return Err(Error::format(
            loc,
            format!(
                "the file ends without a line break, and its last value \"{cell}\" is shorter than every value of its column in the {} rows above (each has at least {int_min} digit(s) before the point and {dec_min} after it): the file looks cut in the middle of a number; download or copy it again, or end the file with a line break if the value is right",
                above.len()
            ),
        ));
    }
    Ok(())
}

/// The digits of a plain decimal number before and after its point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Shape {
    int_digits: usize,
    decimals: usize,
}

impl Shape {
    /// The shape of a cell that is a plain decimal number (sign, digits,
    /// thousands commas, one point); `None` for missing markers, words and
    /// numbers in exponent form, whose length says nothing of a cut.
    fn of(cell: &str) -> Option<Shape> {
        let t = cell.trim();
        if is_missing_marker(t) || parse_number(t).is_none() {
            return None;
        }
        let t = t.trim_start_matches(['-', '+']);
        if !t
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
        {
            return None;
        }
        let (int, dec) = t.split_once('.').unwrap_or((t, ""));
        Some(Shape {
            int_digits: int.bytes().filter(u8::is_ascii_digit).count(),
            decimals: dec.len(),
        })
    }
}

/// The shapes of column `col` (1-based) in up to [`ROWS_ABOVE`] lines at
/// the end of `text`, skipping lines of another width, quoted line breaks
/// and cells that are not plain numbers.
fn rows_above(text: &[u8], col: usize) -> Vec<Shape> {
    let mut out = Vec::new();
    let mut end = text.len();
    for _ in 0..ROWS_ABOVE {
        if end == 0 {
            break;
        }
        let start = memchr::memrchr(b'\n', &text[..end]).map_or(0, |k| k + 1);
        let mut line = &text[start..end];
        if line.last() == Some(&b'\r') {
            line = &line[..line.len() - 1];
        }
        if start > 0
            && let Some(cells) = split_line(line)
            && cells.len() == col
            && let Some(s) = Shape::of(&cells[col - 1])
        {
            out.push(s);
        }
        end = start.saturating_sub(1);
    }
    out
}

/// The cells of one line of CSV (the record parser of `scan`), or `None`
/// when the line is not valid UTF-8 or its quotes are unbalanced (a field
/// with a line break in it: not judged here).
fn split_line(line: &[u8]) -> Option<Vec<String>> {
    match super::scan::parse_slow(line, 0, true) {
        super::scan::Slow::Record(fields, _) => fields
            .into_iter()
            .map(|f| String::from_utf8(f).ok())
            .collect(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_cut_to_two_digits_is_refused_with_its_line_and_column() {
        let text = b"date,robbery\n2024-01,2417\n2024-02,2388\n2024-03,2501\n2024-04,24";
        let e = check("met.csv", text).unwrap_err().to_string();
        assert!(
            e.starts_with(
                "met.csv:5:2: the file ends without a line break, and its last value \"24\""
            ),
            "{e}"
        );
    }

    #[test]
    fn a_value_cut_in_its_decimals_is_refused() {
        let text = b"a,b\n1,121.858\n2,122.001\n3,122.450\n4,121.8";
        assert!(check("t.csv", text).is_err());
    }

    #[test]
    fn complete_files_without_a_final_line_break_pass() {
        assert!(check("t.csv", b"a,b\n1,9\n2,10\n3,11\n4,12").is_ok());
        assert!(check("t.csv", b"a,b\n1,0.2\n2,0.1\n3,0.25\n4,0.3").is_ok());
        // Too few rows above to judge a shape.
        assert!(check("t.csv", b"a,b\n1,1000\n4,9").is_ok());
        // Text and exponents say nothing of a cut.
        assert!(check("t.csv", b"a,b\n1,1000\n2,1000\n3,1000\n4,1e3").is_ok());
        assert!(check("t.csv", b"a,b\n1,x\n2,y\n3,z\n4,w").is_ok());
    }

    #[test]
    fn a_missing_marker_at_the_end_is_not_a_cut() {
        assert!(check("t.csv", b"a,b\n1,1000\n2,1000\n3,1000\n4,..").is_ok());
    }

    #[test]
    fn quoted_cells_are_compared_without_their_quotes() {
        let text = b"\"Date\",\"Rate\"\n\"1 Jan 20\",\"10.50\"\n\"2 Jan 20\",\"10.75\"\n\"3 Jan 20\",\"11.00\"\n\"4 Jan 20\",\"11.2\"";
        assert!(check("boe.csv", text).is_err());
        assert!(check("boe.csv", &text[..text.len() - 6]).is_err());
    }

    #[test]
    fn the_shipped_files_that_end_without_a_line_break_pass() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("notebooks-data");
        for f in [
            "london_econ/ashe_weekly_pay_by_borough_2002-2024.csv",
            "london_econ/boe_bank_rate_history.csv",
            "london_econ/cpih_division_indices_198801-202511.csv",
            "london_population/census2021_ward_usual_residents_by_residence_type_london.csv",
        ] {
            let bytes = std::fs::read(root.join(f)).unwrap();
            assert_ne!(bytes.last(), Some(&b'\n'), "{f}");
            check(f, &bytes).unwrap();
        }
    }
}
