//! JSON helpers that follow the contract: floats with full round-trip
//! precision, non-finite numbers as the strings `"Infinity"`, `"-Infinity"`
//! and `"NaN"`.
//!
//! ```
//! use colcrime::json::{num, nums};
//! assert_eq!(num(f64::NAN), serde_json::json!("NaN"));
//! assert_eq!(nums(&[0.1, f64::INFINITY]).to_string(), "[0.1,\"Infinity\"]");
//! ```

use serde_json::Value;

/// One float as a JSON value.
///
/// ```
/// # use colcrime::json::num;
/// assert_eq!(num(1.5).to_string(), "1.5");
/// assert_eq!(num(f64::NEG_INFINITY), serde_json::json!("-Infinity"));
/// ```
pub fn num(x: f64) -> Value {
    if x.is_nan() {
        Value::from("NaN")
    } else if x == f64::INFINITY {
        Value::from("Infinity")
    } else if x == f64::NEG_INFINITY {
        Value::from("-Infinity")
    } else {
        serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
    }
}

/// A slice of floats as a JSON array.
///
/// ```
/// # use colcrime::json::nums;
/// assert_eq!(nums(&[1.0, 2.0]).to_string(), "[1.0,2.0]");
/// ```
pub fn nums(xs: &[f64]) -> Value {
    Value::Array(xs.iter().map(|&x| num(x)).collect())
}

/// Writes a slice of floats as the JSON array [`nums`] gives, byte for
/// byte as `serde_json` writes it (shortest round-trip digits, `1.0` for
/// integral values, non-finite values as the strings of [`num`]), without
/// building a value per number: a long array (a million residuals) is
/// formatted in pieces on all threads and written in order.
///
/// # Errors
/// Those of the writer.
///
/// ```
/// # use colcrime::json::{nums, write_nums};
/// let xs = [0.1, -2.0, 1e300, 5e-324, f64::NAN, f64::INFINITY, f64::NEG_INFINITY];
/// let mut out = Vec::new();
/// write_nums(&mut out, &xs).unwrap();
/// assert_eq!(out, serde_json::to_vec(&nums(&xs)).unwrap());
/// ```
pub fn write_nums<W: std::io::Write + ?Sized>(w: &mut W, xs: &[f64]) -> std::io::Result<()> {
    use rayon::prelude::*;
    /// Numbers per piece, and pieces formatted before they are written.
    const PIECE: usize = 1 << 14;
    const BATCH: usize = 32;
    w.write_all(b"[")?;
    if xs.len() <= PIECE {
        let mut buf = Vec::with_capacity(xs.len() * 24);
        format_nums(&mut buf, xs, true);
        w.write_all(&buf)?;
    } else {
        let pieces: Vec<&[f64]> = xs.chunks(PIECE).collect();
        for (b, batch) in pieces.chunks(BATCH).enumerate() {
            let bufs: Vec<Vec<u8>> = batch
                .par_iter()
                .enumerate()
                .map(|(i, piece)| {
                    let mut buf = Vec::with_capacity(piece.len() * 24);
                    format_nums(&mut buf, piece, b == 0 && i == 0);
                    buf
                })
                .collect();
            for buf in &bufs {
                w.write_all(buf)?;
            }
        }
    }
    w.write_all(b"]")
}

/// Appends `xs` to `buf` comma-separated (with a leading comma unless
/// `first`), each as [`num`] serialises.
fn format_nums(buf: &mut Vec<u8>, xs: &[f64], first: bool) {
    for (i, &x) in xs.iter().enumerate() {
        if i > 0 || !first {
            buf.push(b',');
        }
        if x.is_nan() {
            buf.extend_from_slice(b"\"NaN\"");
        } else if x == f64::INFINITY {
            buf.extend_from_slice(b"\"Infinity\"");
        } else if x == f64::NEG_INFINITY {
            buf.extend_from_slice(b"\"-Infinity\"");
        } else {
            // serde_json's own float formatting (what a `Value::Number`
            // serialises through); writing to a Vec cannot fail.
            let mut ser = serde_json::Serializer::new(&mut *buf);
            let _ = serde::Serializer::serialize_f64(&mut ser, x);
        }
    }
}

/// Rows of floats as a JSON array of arrays.
///
/// ```
/// # use colcrime::json::rows;
/// assert_eq!(rows(&[vec![1.0], vec![2.0]]).to_string(), "[[1.0],[2.0]]");
/// ```
pub fn rows(m: &[Vec<f64>]) -> Value {
    Value::Array(m.iter().map(|r| nums(r)).collect())
}

/// A 2-D ndarray as a JSON array of rows.
///
/// ```
/// # use colcrime::json::matrix;
/// let m = ndarray::array![[1.0, 2.0], [3.0, 4.0]];
/// assert_eq!(matrix(&m).to_string(), "[[1.0,2.0],[3.0,4.0]]");
/// ```
pub fn matrix(m: &ndarray::Array2<f64>) -> Value {
    Value::Array(m.rows().into_iter().map(|r| nums(&r.to_vec())).collect())
}

/// Reads a float back from contract JSON (numbers or the non-finite strings).
///
/// ```
/// # use colcrime::json::{num, as_f64};
/// assert!(as_f64(&num(f64::NAN)).unwrap().is_nan());
/// assert_eq!(as_f64(&serde_json::json!(2)), Some(2.0));
/// ```
pub fn as_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => match s.as_str() {
            "NaN" => Some(f64::NAN),
            "Infinity" => Some(f64::INFINITY),
            "-Infinity" => Some(f64::NEG_INFINITY),
            _ => None,
        },
        _ => None,
    }
}

/// Serde for one `f64` in the contract's form (non-finite numbers as the
/// strings `"NaN"`, `"Infinity"`, `"-Infinity"`):
/// `#[serde(with = "crate::json::nonfinite")]`.
///
/// ```
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct S { #[serde(with = "colcrime::json::nonfinite")] x: f64 }
/// let s: S = serde_json::from_str(r#"{"x": "Infinity"}"#).unwrap();
/// assert_eq!(s.x, f64::INFINITY);
/// assert_eq!(serde_json::to_string(&S { x: f64::NAN }).unwrap(), r#"{"x":"NaN"}"#);
/// ```
pub mod nonfinite {
    use serde::{Deserialize, Deserializer, Serialize, Serializer, de::Error as _};
    use serde_json::Value;

    /// Writes the float as contract JSON.
    ///
    /// # Errors
    /// Those of the serializer.
    pub fn serialize<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
        super::num(*x).serialize(s)
    }

    /// Reads a float written by [`serialize`].
    ///
    /// # Errors
    /// A value that is neither a number nor a non-finite string.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        let v = Value::deserialize(d)?;
        super::as_f64(&v).ok_or_else(|| D::Error::custom(format!("expected a number, found {v}")))
    }
}

/// Serde for `Vec<f64>` in the contract's form (non-finite numbers as the
/// strings `"NaN"`, `"Infinity"`, `"-Infinity"`): `#[serde(with = "crate::json::nonfinite_vec")]`.
///
/// ```
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct S { #[serde(with = "colcrime::json::nonfinite_vec")] v: Vec<f64> }
/// let s: S = serde_json::from_str(r#"{"v": [1.5, "NaN"]}"#).unwrap();
/// assert!(s.v[1].is_nan());
/// assert_eq!(serde_json::to_string(&s).unwrap(), r#"{"v":[1.5,"NaN"]}"#);
/// ```
pub mod nonfinite_vec {
    use serde::{Deserialize, Deserializer, Serializer, de::Error as _};
    use serde_json::Value;

    /// Writes the floats as contract JSON.
    ///
    /// # Errors
    /// Those of the serializer.
    pub fn serialize<S: Serializer>(v: &[f64], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(v.iter().map(|&x| super::num(x)))
    }

    /// Reads floats written by [`serialize`].
    ///
    /// # Errors
    /// An element that is neither a number nor a non-finite string.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
        let vals = Vec::<Value>::deserialize(d)?;
        vals.iter()
            .map(|v| {
                super::as_f64(v)
                    .ok_or_else(|| D::Error::custom(format!("expected a number, found {v}")))
            })
            .collect()
    }
}

/// Serde for an optional `f64` in the contract's form, `null` when absent:
/// `#[serde(default, with = "crate::json::nonfinite_opt")]`.
///
/// ```
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct S { #[serde(default, with = "colcrime::json::nonfinite_opt")] x: Option<f64> }
/// assert_eq!(serde_json::to_string(&S { x: Some(f64::NAN) }).unwrap(), r#"{"x":"NaN"}"#);
/// assert_eq!(serde_json::to_string(&S { x: None }).unwrap(), r#"{"x":null}"#);
/// let s: S = serde_json::from_str(r#"{"x": null}"#).unwrap();
/// assert!(s.x.is_none());
/// let s: S = serde_json::from_str(r#"{"x": 2}"#).unwrap();
/// assert_eq!(s.x, Some(2.0));
/// ```
pub mod nonfinite_opt {
    use serde::{Deserialize, Deserializer, Serialize, Serializer, de::Error as _};
    use serde_json::Value;

    /// Writes the float as contract JSON, `None` as `null`.
    ///
    /// # Errors
    /// Those of the serializer.
    pub fn serialize<S: Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        x.map_or(Value::Null, super::num).serialize(s)
    }

    /// Reads a float written by [`serialize`] (`null` is `None`).
    ///
    /// # Errors
    /// A value that is neither a number, a non-finite string nor `null`.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
        match Value::deserialize(d)? {
            Value::Null => Ok(None),
            v => super::as_f64(&v)
                .map(Some)
                .ok_or_else(|| D::Error::custom(format!("expected a number, found {v}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The streamed text equals `serde_json`'s rendering of [`nums`] across
    /// the pieces and batches of a long array, with non-finite values on
    /// their boundaries and numbers of every magnitude.
    #[test]
    fn write_nums_is_serde_jsons_text() {
        let mut u: u64 = 9;
        let mut xs: Vec<f64> = (0..1_200_000)
            .map(|i| {
                u = u
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let m = (u >> 11) as f64 / (1u64 << 53) as f64 - 0.5;
                m * 10f64.powi((i % 41) - 20)
            })
            .collect();
        for (i, v) in [
            (0, f64::NAN),
            (16_383, f64::INFINITY),
            (16_384, f64::NEG_INFINITY),
            (524_288, f64::NAN),
            (1_199_999, -0.0),
        ] {
            xs[i] = v;
        }
        xs[7] = 1.0;
        xs[8] = f64::MAX;
        xs[9] = f64::MIN_POSITIVE / 4.0;
        for len in [0, 1, 10, 16_384, 16_385, xs.len()] {
            let mut out = Vec::new();
            write_nums(&mut out, &xs[..len]).unwrap();
            assert_eq!(out, serde_json::to_vec(&nums(&xs[..len])).unwrap(), "{len}");
        }
    }
}
