//! Text written to CSV files that analysts open in spreadsheets: a cell that
//! starts like a formula (`=`, `+`, `-`, `@`, tab, carriage return) and is
//! not a number is prefixed with `'`, so Excel and LibreOffice show it as
//! text instead of evaluating it (OWASP "CSV injection").
//!
//! ```
//! use colcrime::spreadsheet::defuse;
//! assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
//! assert_eq!(defuse("-1.5"), "-1.5");
//! assert_eq!(defuse("Robbery"), "Robbery");
//! ```

/// The cell as text a spreadsheet will not evaluate (see the module docs).
///
/// ```
/// assert_eq!(colcrime::spreadsheet::defuse("@SUM(A1)"), "'@SUM(A1)");
/// ```
pub fn defuse(s: &str) -> String {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']) && s.trim().parse::<f64>().is_err();
    if risky {
        format!("'{s}")
    } else {
        s.to_string()
    }
}
