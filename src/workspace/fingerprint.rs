//! Fingerprints of what a model's result depends on, so a re-fit can tell
//! which models' inputs are unchanged since the previous run.
//!
//! A model's result is a function of its specification (the model's table
//! in the workspace file, and the tables of the scenarios it names), the
//! values of the workspace series it uses, and the colcrime version that
//! fitted it. [`model_inputs_sha256`] hashes exactly those; every result
//! records it as `inputs_sha256`. `colcrime refit` carries over the
//! estimates of a time-series model whose fingerprint matches the previous
//! run's (see [`super::refit_workspace_mode`]), instead of re-estimating
//! it from the same data.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use crate::series::Series;

/// The raw TOML tables of a workspace file that a model's fingerprint
/// covers: `models.NAME` and `scenarios.NAME`, as canonical JSON text.
#[derive(Debug, Clone, Default)]
pub(crate) struct RawTables {
    models: BTreeMap<String, String>,
    scenarios: BTreeMap<String, String>,
}

impl RawTables {
    /// Reads the tables from a workspace file's text; an unparsable file
    /// gives empty tables (the spec reader reports the error itself).
    pub(crate) fn parse(text: &str) -> RawTables {
        let Ok(doc) = toml::from_str::<toml::Value>(text) else {
            return RawTables::default();
        };
        let tables = |key: &str| -> BTreeMap<String, String> {
            doc.get(key)
                .and_then(toml::Value::as_table)
                .map(|t| t.iter().map(|(k, v)| (k.clone(), canonical(v))).collect())
                .unwrap_or_default()
        };
        RawTables {
            models: tables("models"),
            scenarios: tables("scenarios"),
        }
    }
}

/// Canonical text of a TOML value: JSON with keys sorted (TOML tables are
/// ordered maps here), so formatting and comments do not matter.
fn canonical(v: &toml::Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// The fingerprint of one model's inputs: hex SHA-256 over the colcrime
/// version, the model's table, the tables of the scenarios it names, and
/// the frequency, start and values (bit for bit) of every series it uses.
/// Titles and units are not part of it: they do not change any number.
pub(crate) fn model_inputs_sha256(
    raw: &RawTables,
    name: &str,
    scenarios: &[String],
    uses: &[String],
    series: &BTreeMap<String, Series>,
) -> String {
    let mut h = Sha256::new();
    let mut field = |tag: &str, bytes: &[u8]| {
        h.update(tag.as_bytes());
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    field("version", env!("CARGO_PKG_VERSION").as_bytes());
    field("model", name.as_bytes());
    field(
        "spec",
        raw.models.get(name).map_or(&b""[..], |s| s.as_bytes()),
    );
    for s in scenarios {
        field("scenario", s.as_bytes());
        field(
            "scenario_spec",
            raw.scenarios.get(s).map_or(&b""[..], |t| t.as_bytes()),
        );
    }
    for u in uses {
        field("series", u.as_bytes());
        match series.get(u) {
            Some(s) => {
                field("start", s.start().to_string().as_bytes());
                field("freq", format!("{:?}", s.freq()).as_bytes());
                let bits: Vec<u8> = s
                    .values()
                    .iter()
                    .flat_map(|v| v.to_bits().to_le_bytes())
                    .collect();
                field("values", &bits);
            }
            None => field("missing", b""),
        }
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::series::Period;

    fn setup() -> (RawTables, BTreeMap<String, Series>) {
        let raw = RawTables::parse(
            "[models.m]\nkind = \"sarima\"\nseries = \"y\"\n# a comment\n[scenarios.s]\nx = { hold = 4.0 }\n",
        );
        let mut series = BTreeMap::new();
        series.insert(
            "y".to_string(),
            Series::new("y", Period::year(2000), vec![1.0, 2.0, 3.0]),
        );
        (raw, series)
    }

    #[test]
    fn same_inputs_same_fingerprint_and_changes_are_seen() {
        let (raw, mut series) = setup();
        let uses = vec!["y".to_string()];
        let a = model_inputs_sha256(&raw, "m", &[], &uses, &series);
        assert_eq!(a.len(), 64);
        assert_eq!(a, model_inputs_sha256(&raw, "m", &[], &uses, &series));
        // A comment or layout change in the file does not matter.
        let raw2 = RawTables::parse(
            "[models.m]\nseries = \"y\"\nkind = \"sarima\"\n[scenarios.s]\nx = { hold = 4.0 }\n",
        );
        assert_eq!(a, model_inputs_sha256(&raw2, "m", &[], &uses, &series));
        // A revised value, a changed spec or a named scenario does.
        let raw3 = RawTables::parse("[models.m]\nkind = \"sarima\"\nseries = \"log(y)\"\n");
        assert_ne!(a, model_inputs_sha256(&raw3, "m", &[], &uses, &series));
        let with_scen = model_inputs_sha256(&raw, "m", &["s".to_string()], &uses, &series);
        assert_ne!(a, with_scen);
        series.insert(
            "y".to_string(),
            Series::new("y", Period::year(2000), vec![1.0, 2.0, 3.5]),
        );
        assert_ne!(a, model_inputs_sha256(&raw, "m", &[], &uses, &series));
        // One more observation, or a shifted start, too.
        series.insert(
            "y".to_string(),
            Series::new("y", Period::year(2001), vec![1.0, 2.0, 3.0]),
        );
        assert_ne!(a, model_inputs_sha256(&raw, "m", &[], &uses, &series));
    }

    #[test]
    fn unparsable_text_gives_empty_tables() {
        let raw = RawTables::parse("[[[ not toml");
        assert!(raw.models.is_empty() && raw.scenarios.is_empty());
    }
}
