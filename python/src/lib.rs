//! `colcrime._colcrime`: the compiled half of the `colcrime` Python
//! package. A thin layer over the library: every model is fitted through
//! its kind ([`colcrime::kinds::KindOptions`]), the statistical tests and
//! `run` through the command line's own code ([`colcrime::cli::execute`]),
//! so what Python sees is, number for number, the command's JSON.
//!
//! Data cross the boundary as the CSV text the command line would read
//! (written by pandas with round-trip floats, read by the library's CSV
//! reader with its missing-value and period rules), or as a file path, or,
//! for `forecast_many`, as flat columns. Every call releases the GIL while
//! Rust works. Errors become `colcrime.ColcrimeError` with the kind, file,
//! line and column the command line prints.

use std::collections::HashMap;

use colcrime::error::Error;
use colcrime::kinds::{KindOptions, ModelData, Report};
use colcrime::series::Frame;
use colcrime::series::frame::ReadOptions;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use rayon::prelude::*;

/// A library error as the Python exception `colcrime.ColcrimeError` (made by
/// the package's `errors.py`, so it carries the JSON error's fields).
fn py_err(py: Python<'_>, e: &Error) -> PyErr {
    let j = e.to_json();
    let body = j.get("error").cloned().unwrap_or(serde_json::Value::Null);
    let text = |k: &str| body.get(k).and_then(|v| v.as_str()).map(String::from);
    let line = body.get("line").and_then(serde_json::Value::as_u64);
    let build = || -> PyResult<PyErr> {
        let cls = py.import("colcrime.errors")?.getattr("ColcrimeError")?;
        let kw = PyDict::new(py);
        kw.set_item("kind", text("kind"))?;
        kw.set_item("file", text("file"))?;
        kw.set_item("line", line)?;
        match body.get("column") {
            Some(serde_json::Value::Number(n)) => kw.set_item("column", n.as_u64())?,
            Some(serde_json::Value::String(c)) => kw.set_item("column", c)?,
            _ => kw.set_item("column", py.None())?,
        }
        kw.set_item("exit_code", e.exit_code())?;
        let obj = cls.call((e.to_string(),), Some(&kw))?;
        Ok(PyErr::from_value(obj))
    };
    build().unwrap_or_else(|err| err)
}

/// Model options (a JSON object from Python's keyword arguments) as the
/// kind's table: `cov="HAC"` is `cov = "HAC"`, a list is an array.
fn options(kind: &str, options_json: &str) -> Result<KindOptions, Error> {
    let table: toml::Table = serde_json::from_str(options_json)
        .map_err(|e| Error::usage(format!("{kind}: options: {e}")))?;
    KindOptions::from_table(kind, table)
}

/// The frame of a call: a file (read as `--data` reads it) or CSV text.
fn frame(path: Option<&str>, csv: Option<&str>, name: &str) -> Result<Frame, Error> {
    match (path, csv) {
        (Some(p), _) => Frame::read_csv_with(p.as_ref(), ReadOptions::long_panel()),
        (None, Some(text)) => Frame::from_csv_str_with(name, text, ReadOptions::long_panel()),
        (None, None) => Err(Error::usage("no data: give a DataFrame, a dict or a path")),
    }
}

/// What `colcrime fit KIND --data F [--train-end T]` does with the frame,
/// for one series: the time-series check, the training rows, the fit.
fn fit_one(kind: &KindOptions, frame: &Frame, train_end: Option<&str>) -> Result<Report, Error> {
    kind.validate()?;
    let n = if kind.time_series() {
        frame.require_time_series(&format!("fit {}", kind.name()))?;
        match train_end {
            Some(spec) => frame.row_of(spec)? + 1,
            None => frame.nrows(),
        }
    } else {
        match train_end {
            Some(spec) if frame.disorder().is_none() => frame.row_of(spec)? + 1,
            Some(spec) => {
                let rows = frame.rows_through(spec)?;
                let taken = frame.take_rows(&rows);
                let n = taken.nrows();
                return kind.fit(&ModelData::new(&taken, 0..n)?);
            }
            None => frame.nrows(),
        }
    };
    kind.fit(&ModelData::new(frame, 0..n)?)
}

/// Fits one model of kind `kind` (its `fit` subcommand's name) on a file
/// (`path`) or CSV text (`csv`, named `name` in messages); returns the
/// command's JSON text and its table.
#[pyfunction]
#[pyo3(signature = (kind, options_json, path=None, csv=None, name="<DataFrame>", train_end=None))]
fn fit(
    py: Python<'_>,
    kind: &str,
    options_json: &str,
    path: Option<&str>,
    csv: Option<&str>,
    name: &str,
    train_end: Option<&str>,
) -> PyResult<(String, String)> {
    let out = py.allow_threads(|| -> Result<(String, String), Error> {
        let k = options(kind, options_json)?;
        let f = frame(path, csv, name)?;
        let r = fit_one(&k, &f, train_end)?;
        let json = serde_json::to_string(&r.to_json())
            .map_err(|e| Error::other(format!("writing JSON: {e}")))?;
        Ok((json, r.table))
    });
    out.map_err(|e| py_err(py, &e))
}

/// Runs a command line in-process (`["colcrime", "--format", "json", ...]`);
/// returns the JSON text, the table (or raw text) and the exit code.
#[pyfunction]
fn cli(py: Python<'_>, args: Vec<String>) -> PyResult<(String, String, i32)> {
    let out = py.allow_threads(|| -> Result<(String, String, i32), Error> {
        let o = colcrime::cli::execute(args)?;
        let json = serde_json::to_string(&o.json)
            .map_err(|e| Error::other(format!("writing JSON: {e}")))?;
        let text = o.raw.clone().unwrap_or_else(|| o.table.clone());
        Ok((json, text, o.exit_code))
    });
    out.map_err(|e| py_err(py, &e))
}

/// One series of a file `read` recognised.
type ReadSeries = (String, String, String, String, Vec<String>, Vec<f64>);

/// Reads any file `data inspect` recognises; returns its format name and
/// its series as `(name, title, unit, frequency, periods, values)`.
#[pyfunction]
fn read(py: Python<'_>, path: &str) -> PyResult<(String, Vec<ReadSeries>)> {
    let out = py.allow_threads(|| -> Result<(String, Vec<ReadSeries>), Error> {
        let ds = colcrime::sources::read(path.as_ref())?;
        let series = ds
            .series
            .iter()
            .map(|s| {
                (
                    s.name.clone(),
                    s.title.clone(),
                    s.unit.clone(),
                    s.freq().name().to_string(),
                    s.periods().iter().map(ToString::to_string).collect(),
                    s.values().to_vec(),
                )
            })
            .collect();
        Ok((ds.format.name().to_string(), series))
    });
    out.map_err(|e| py_err(py, &e))
}

/// The long result of `forecast_many`: per forecast row the series' code,
/// the period, the mean and standard error, then per level the lower and
/// upper bounds; and the series that failed, with their error messages.
#[derive(Default)]
struct Many {
    code: Vec<u32>,
    period: Vec<String>,
    mean: Vec<f64>,
    se: Vec<f64>,
    levels: Vec<f64>,
    lower: Vec<Vec<f64>>,
    upper: Vec<Vec<f64>>,
    failed: Vec<(u32, String)>,
}

/// The CSV text of one series, `date,y`, as `--data` would read it (Rust's
/// float display is the shortest text that reads back to the same float).
fn series_csv(dates: &[&str], values: &[f64]) -> String {
    let mut s = String::with_capacity(16 * dates.len() + 8);
    s.push_str("date,y\n");
    for (d, v) in dates.iter().zip(values) {
        s.push_str(d);
        s.push(',');
        if v.is_finite() {
            s.push_str(&v.to_string());
        }
        s.push('\n');
    }
    s
}

/// Fits `kind` (options whose `series` is `y`) to each series of a long
/// table given as parallel columns: `codes[i]` the series of row `i`
/// (0..n), `dates[i]` its period, `values[i]` its value. Rows of a series
/// keep their order. The series are fitted in parallel on the library's
/// thread pool with the GIL released; a series that fails is listed with
/// its message and does not stop the others.
#[pyfunction]
#[pyo3(signature = (kind, options_json, codes, dates, values, n_series))]
#[allow(clippy::type_complexity)]
fn forecast_many(
    py: Python<'_>,
    kind: &str,
    options_json: &str,
    codes: Vec<u32>,
    dates: Vec<String>,
    values: Vec<f64>,
    n_series: usize,
) -> PyResult<(
    Vec<u32>,
    Vec<String>,
    Vec<f64>,
    Vec<f64>,
    Vec<f64>,
    Vec<Vec<f64>>,
    Vec<Vec<f64>>,
    Vec<(u32, String)>,
)> {
    let out = py.allow_threads(|| -> Result<Many, Error> {
        let k = options(kind, options_json)?;
        if !k.forecasts() {
            return Err(Error::usage(format!(
                "forecast_many: {kind} does not forecast a series; use one of {}",
                colcrime::kinds::forecasting_kinds().join(", ")
            )));
        }
        if codes.len() != dates.len() || codes.len() != values.len() {
            return Err(Error::usage(format!(
                "forecast_many: {} ids, {} dates and {} values",
                codes.len(),
                dates.len(),
                values.len()
            )));
        }
        let mut rows: Vec<Vec<usize>> = vec![Vec::new(); n_series];
        for (i, &c) in codes.iter().enumerate() {
            match rows.get_mut(c as usize) {
                Some(r) => r.push(i),
                None => {
                    return Err(Error::usage(format!(
                        "forecast_many: id code {c} out of range"
                    )));
                }
            }
        }
        let fits: Vec<(u32, Result<Report, Error>)> = rows
            .par_iter()
            .enumerate()
            .map(|(c, rs)| {
                let d: Vec<&str> = rs.iter().map(|&i| dates[i].as_str()).collect();
                let v: Vec<f64> = rs.iter().map(|&i| values[i]).collect();
                let r = Frame::from_csv_str_with(
                    "<series>",
                    &series_csv(&d, &v),
                    ReadOptions::time_series(),
                )
                .and_then(|f| fit_one(&k, &f, None));
                (c as u32, r)
            })
            .collect();
        let mut m = Many::default();
        for (c, r) in fits {
            let fc = match r {
                Ok(rep) => rep.forecast,
                Err(e) => {
                    m.failed.push((c, e.to_string()));
                    continue;
                }
            };
            let Some(fc) = fc else {
                m.failed.push((c, "the model gave no forecast".into()));
                continue;
            };
            if m.levels.is_empty() && m.code.is_empty() {
                m.levels = fc.bands.iter().map(|b| b.level).collect();
                m.lower = vec![Vec::new(); m.levels.len()];
                m.upper = vec![Vec::new(); m.levels.len()];
            }
            for (j, b) in fc.bands.iter().enumerate().take(m.levels.len()) {
                if let (Some(lo), Some(hi)) = (m.lower.get_mut(j), m.upper.get_mut(j)) {
                    lo.extend_from_slice(&b.lower);
                    hi.extend_from_slice(&b.upper);
                }
            }
            m.code.extend(std::iter::repeat_n(c, fc.point.len()));
            m.period.extend(fc.periods.iter().map(ToString::to_string));
            m.mean.extend_from_slice(&fc.point);
            m.se.extend_from_slice(&fc.se);
        }
        Ok(m)
    });
    let m = out.map_err(|e| py_err(py, &e))?;
    Ok((
        m.code, m.period, m.mean, m.se, m.levels, m.lower, m.upper, m.failed,
    ))
}

/// The names of the model kinds and which of them forecast.
#[pyfunction]
fn kinds() -> HashMap<String, bool> {
    let f = colcrime::kinds::forecasting_kinds();
    colcrime::kinds::KIND_NAMES
        .iter()
        .map(|k| (k.to_string(), f.contains(k)))
        .collect()
}

/// The compiled module.
#[pymodule]
fn _colcrime(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(fit, m)?)?;
    m.add_function(wrap_pyfunction!(cli, m)?)?;
    m.add_function(wrap_pyfunction!(read, m)?)?;
    m.add_function(wrap_pyfunction!(forecast_many, m)?)?;
    m.add_function(wrap_pyfunction!(kinds, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
