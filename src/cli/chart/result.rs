//! A saved result read back for charting, typed with serde: the parts of
//! a result JSON (`colcrime fit`, a workspace run's `results/NAME.json`)
//! that charts draw. Results are files a user may have edited or written
//! with another version, so every part is optional and a part of an
//! unexpected shape is kept as [`Lenient::Other`] for a clear error later,
//! never a failure to read the whole file.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};

/// A value of the expected shape, or anything else.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum Lenient<T> {
    /// The expected shape.
    Ok(T),
    /// Anything else.
    Other(IgnoredAny),
}

impl<T> Lenient<T> {
    /// The value, if it has the expected shape.
    pub(crate) fn ok(&self) -> Option<&T> {
        match self {
            Lenient::Ok(t) => Some(t),
            Lenient::Other(_) => None,
        }
    }
}

/// An object of the expected shape, or anything else. (A struct's serde
/// derive also reads a list as its fields in order; a list here is never
/// that struct.)
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum Obj<T> {
    /// A list: not the object. (Only its shape matters: the entries are
    /// skipped, never read.)
    #[allow(dead_code)]
    List(Vec<IgnoredAny>),
    /// The expected object.
    Ok(T),
    /// Anything else.
    Other(IgnoredAny),
}

impl<T> Obj<T> {
    /// The object, if it has the expected shape.
    pub(crate) fn ok(&self) -> Option<&T> {
        match self {
            Obj::Ok(t) => Some(t),
            Obj::List(_) | Obj::Other(_) => None,
        }
    }
}

/// One entry where a number is expected: a number, one of the contract's
/// non-finite strings, `null`, or anything else.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum Num {
    /// A number.
    Number(f64),
    /// A string (`"NaN"`, `"Infinity"`, `"-Infinity"` are numbers).
    Text(String),
    /// `null`.
    Null,
    /// Anything else.
    Other(IgnoredAny),
}

impl Num {
    /// The number (non-finite strings included); `None` for anything else.
    pub(crate) fn value(&self) -> Option<f64> {
        match self {
            Num::Number(x) => Some(*x),
            Num::Text(s) => match s.as_str() {
                "NaN" => Some(f64::NAN),
                "Infinity" => Some(f64::INFINITY),
                "-Infinity" => Some(f64::NEG_INFINITY),
                _ => None,
            },
            Num::Null | Num::Other(_) => None,
        }
    }
}

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Num::Number(x) => write!(f, "{x}"),
            Num::Text(s) => write!(f, "{s:?}"),
            Num::Null => f.write_str("null"),
            Num::Other(_) => f.write_str("an array or object"),
        }
    }
}

/// A list of strings (entries that are not strings are `None`).
pub(crate) type Texts = Lenient<Vec<Lenient<String>>>;

/// The strings of a [`Texts`], `None` if any entry is not a string.
pub(crate) fn texts(t: Option<&Texts>) -> Option<Vec<String>> {
    t?.ok()?
        .iter()
        .map(|s| s.ok().cloned())
        .collect::<Option<Vec<_>>>()
}

/// A list of numbers.
pub(crate) type Numbers = Lenient<Vec<Num>>;

/// A forecast (`forecast`) or a history (`history`): periods or dates,
/// and the values (`mean`, or a history's `values`) with their bands.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct PathFile {
    /// Period labels (`2026 Q1`).
    #[serde(default)]
    pub(crate) periods: Option<Texts>,
    /// ISO dates of the periods' first days.
    #[serde(default)]
    pub(crate) dates: Option<Texts>,
    /// Point forecast (or a history's values).
    #[serde(default)]
    pub(crate) mean: Option<Numbers>,
    /// A history's values.
    #[serde(default)]
    pub(crate) values: Option<Numbers>,
    /// Standard errors.
    #[serde(default)]
    pub(crate) se: Option<Numbers>,
    /// Lower bounds by level (`"80"`, `"95"`).
    #[serde(default)]
    pub(crate) lower: Option<Lenient<Ordered<Numbers>>>,
    /// Upper bounds by level.
    #[serde(default)]
    pub(crate) upper: Option<Lenient<Ordered<Numbers>>>,
    /// `mean` or `median`.
    #[serde(default)]
    pub(crate) point_kind: Option<Lenient<String>>,
    /// The history a forecast continues, when written inside it.
    #[serde(default)]
    pub(crate) history: Option<Box<Obj<PathFile>>>,
}

/// A saved result: what charts read from it.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct ResultFile {
    /// The kind that wrote it (`ols`, `sarima`, ...).
    #[serde(default)]
    pub(crate) kind: Option<Lenient<String>>,
    /// The model: its name in a workspace, or its label (`SARIMAX(1, 1,
    /// 1)`) in results written before they carried `kind`.
    #[serde(default)]
    pub(crate) model: Option<Lenient<String>>,
    /// A failed fit of a batch.
    #[serde(default)]
    pub(crate) error: Option<IgnoredAny>,
    /// The forecast.
    #[serde(default)]
    pub(crate) forecast: Option<Obj<PathFile>>,
    /// The history the forecast continues.
    #[serde(default)]
    pub(crate) history: Option<Obj<PathFile>>,
    /// Coefficients (a list for regressions; other shapes for VAR and
    /// ETS).
    #[serde(default)]
    pub(crate) params: Option<Numbers>,
    /// Their standard errors.
    #[serde(default)]
    pub(crate) bse: Option<Numbers>,
    /// Their names.
    #[serde(default)]
    pub(crate) param_names: Option<Texts>,
    /// Their 95% intervals, `[lower, upper]` rows.
    #[serde(default)]
    pub(crate) conf_int: Option<Lenient<Vec<Numbers>>>,
    /// Residuals.
    #[serde(default)]
    pub(crate) resid: Option<Numbers>,
    /// Residuals, under the name some results use.
    #[serde(default)]
    pub(crate) residuals: Option<Numbers>,
    /// The periods of the residuals.
    #[serde(default)]
    pub(crate) resid_periods: Option<Texts>,
    /// Fitted values (present in regressions' results).
    #[serde(default)]
    pub(crate) fittedvalues: Option<IgnoredAny>,
    /// First and last period of the sample (`["2010 Q1", "2025 Q3"]`).
    #[serde(default)]
    pub(crate) sample: Option<Texts>,
    /// Observations.
    #[serde(default)]
    pub(crate) nobs: Option<Num>,
    /// A VAR's orthogonalised impulse responses, `[h][response][shock]`.
    #[serde(default)]
    pub(crate) orth_irf: Option<Lenient<Vec<Lenient<Vec<Numbers>>>>>,
    /// Their standard errors.
    #[serde(default)]
    pub(crate) orth_irf_stderr: Option<Lenient<Vec<Lenient<Vec<Numbers>>>>>,
    /// A VAR's variable names.
    #[serde(default)]
    pub(crate) names: Option<Texts>,
    /// The series (a VAR's variable names when a list).
    #[serde(default)]
    pub(crate) series: Option<Texts>,
    /// A batch: one result per series, in the file's order.
    #[serde(default)]
    pub(crate) fits: Option<Lenient<Ordered<Obj<ResultFile>>>>,
}

impl ResultFile {
    /// The model's label, if a string.
    pub(crate) fn model(&self) -> Option<&str> {
        self.model.as_ref()?.ok().map(String::as_str)
    }

    /// The kind's name, if a string.
    pub(crate) fn kind(&self) -> Option<&str> {
        self.kind.as_ref()?.ok().map(String::as_str)
    }

    /// The residuals: `resid`, or else `residuals`.
    pub(crate) fn resid(&self) -> Option<&Numbers> {
        self.resid.as_ref().or(self.residuals.as_ref())
    }

    /// The forecast, if an object.
    pub(crate) fn forecast(&self) -> Option<&PathFile> {
        self.forecast.as_ref()?.ok()
    }
}

/// A JSON object's entries in the file's order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Ordered<T>(pub(crate) Vec<(String, T)>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Ordered<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Ordered<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Ordered<T>, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = m.next_entry::<String, T>()? {
                    out.push((k, v));
                }
                Ok(Ordered(out))
            }
        }
        d.deserialize_map(V(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_shapes_are_kept_not_fatal() {
        let r: ResultFile = serde_json::from_str(
            r#"{"kind": 3, "params": {"a": 1}, "resid": [1, null, "NaN", "x", [2]],
                "forecast": [1, 2], "fits": {"b": {"forecast": 1}, "a": [1]}}"#,
        )
        .unwrap();
        assert!(r.kind().is_none());
        assert!(r.forecast().is_none());
        assert!(r.params.as_ref().unwrap().ok().is_none());
        let resid = r.resid.as_ref().unwrap().ok().unwrap();
        assert_eq!(resid[0].value(), Some(1.0));
        assert!(resid[2].value().unwrap().is_nan());
        assert!(matches!(resid[1], Num::Null));
        assert_eq!(resid[3].to_string(), "\"x\"");
        assert!(resid[4].value().is_none());
        let fits = &r.fits.as_ref().unwrap().ok().unwrap().0;
        assert_eq!(fits[0].0, "b");
        assert!(fits[0].1.ok().unwrap().forecast().is_none());
        assert!(fits[1].1.ok().is_none());
    }
}
