//! `List<T>`: a comma list on the command line (`--order 1,1,1`) that is an
//! array in a workspace table (`order = [1, 1, 1]`), as the contract asks.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A list of values: parsed from `a,b,c` (commas inside parentheses and
/// backticks do not split, so `lag(x, 1),cpi` is two expressions) or
/// deserialised from an array (or from one scalar or one such string).
///
/// ```
/// use colcrime::kinds::List;
/// let l: List<usize> = "1, 1, 0".parse().unwrap();
/// assert_eq!(l.0, vec![1, 1, 0]);
/// let e: List<String> = "lag(cpi, 1),unemployment".parse().unwrap();
/// assert_eq!(e.0, vec!["lag(cpi, 1)", "unemployment"]);
/// let t: List<f64> = toml::from_str::<toml::Table>("v = [80, 95]").unwrap()["v"].clone().try_into().unwrap();
/// assert_eq!(t.0, vec![80.0, 95.0]);
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct List<T>(pub Vec<T>);

impl<T> List<T> {
    /// The values.
    ///
    /// ```
    /// use colcrime::kinds::List;
    /// assert_eq!(List(vec![1, 2]).as_slice(), &[1, 2]);
    /// ```
    pub fn as_slice(&self) -> &[T] {
        &self.0
    }
}

/// Splits at commas outside parentheses and backticks, trimming each part.
///
/// ```
/// use colcrime::kinds::split_top;
/// assert_eq!(split_top("a, log(b),`c, d`"), vec!["a", "log(b)", "`c, d`"]);
/// ```
pub fn split_top(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut quoted = false;
    let mut cur = String::new();
    for ch in s.chars() {
        match ch {
            '`' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth -= 1,
            ',' if depth == 0 && !quoted => {
                out.push(cur.trim().to_string());
                cur.clear();
                continue;
            }
            _ => {}
        }
        cur.push(ch);
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

impl<T: FromStr> FromStr for List<T>
where
    T::Err: fmt::Display,
{
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        split_top(s)
            .into_iter()
            .map(|t| {
                t.parse::<T>()
                    .map_err(|e| format!("\"{t}\" in \"{s}\": {e}"))
            })
            .collect::<Result<Vec<T>, String>>()
            .map(List)
    }
}

impl<T: Serialize> Serialize for List<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de, T> Deserialize<'de> for List<T>
where
    T: Deserialize<'de> + FromStr,
    T::Err: fmt::Display,
{
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T> Visitor<'de> for V<T>
        where
            T: Deserialize<'de> + FromStr,
            T::Err: fmt::Display,
        {
            type Value = List<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array, or a comma-separated string")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<List<T>, A::Error> {
                let mut v = Vec::new();
                while let Some(x) = seq.next_element()? {
                    v.push(x);
                }
                Ok(List(v))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<List<T>, E> {
                s.parse::<List<T>>().map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, x: i64) -> Result<List<T>, E> {
                self.visit_str(&x.to_string())
            }
            fn visit_u64<E: de::Error>(self, x: u64) -> Result<List<T>, E> {
                self.visit_str(&x.to_string())
            }
            fn visit_f64<E: de::Error>(self, x: f64) -> Result<List<T>, E> {
                self.visit_str(&x.to_string())
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}
