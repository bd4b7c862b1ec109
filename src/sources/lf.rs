//! Text of a published CSV as the readers parse it: without a UTF-8
//! byte-order mark and with CRLF line endings turned into LF (the csv crate
//! reports the line of a record after a CRLF one line early, and every
//! error must name the right line).

use std::borrow::Cow;

use crate::error::{Error, Location, Result};

/// The bytes as UTF-8 text, BOM removed and CRLF turned into LF.
///
/// # Errors
/// The bytes are not UTF-8 (the error names the line of the first bad byte).
///
/// ```
/// use colcrime::sources::lf::lf_text;
/// assert_eq!(lf_text("a.csv", b"\xEF\xBB\xBFa,b\r\n1,2\r\n").unwrap(), "a,b\n1,2\n");
/// assert!(lf_text("a.csv", b"a\n\xFF").unwrap_err().to_string().starts_with("a.csv:2"));
/// ```
pub fn lf_text<'a>(name: &str, bytes: &'a [u8]) -> Result<Cow<'a, str>> {
    let b = super::strip_bom(bytes);
    let text = std::str::from_utf8(b).map_err(|e| {
        let line = b
            .get(..e.valid_up_to())
            .map_or(0, |p| p.iter().filter(|&&c| c == b'\n').count())
            + 1;
        Error::format(
            Location::new(name).line(line as u64),
            "the file is not UTF-8 text",
        )
    })?;
    if text.contains("\r\n") {
        Ok(Cow::Owned(text.replace("\r\n", "\n")))
    } else {
        Ok(Cow::Borrowed(text))
    }
}

/// Reads a whole file.
///
/// # Errors
/// The file cannot be read.
///
/// ```
/// assert!(colcrime::sources::lf::read_file("no/such/file.csv".as_ref()).is_err());
/// ```
pub fn read_file(path: &std::path::Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| Error::io(path, e))
}
