//! The evidence review of the default workspace: the products that answer
//! a policy team's questions from the fitted models and the shipped data,
//! each recomputable from the shipped files by its stated definition:
//!
//! | product | module | file |
//! |---|---|---|
//! | the evidence table: crimes against cost-of-living drivers | [`table`] | `results/evidence.json` |
//! | published correlations reproduced | [`replication`] | `results/replication.json` |
//! | ward hotspots: concentration, leading wards, persistence | [`hotspots`] | `results/hotspots.json` |
//! | London against the rest of England and Wales | [`london_ew`] (with [`trend`]) | `results/london_vs_ew.json` |
//! | public claims checked | [`claims`] | `results/claims.json` |
//!
//! [`compute`] reads the inputs named in an [`EvidenceInputs`] and returns
//! the [`Products`]; each product has a `blocks()` method with its
//! paragraphs and tables for a briefing. The regressions of the evidence
//! table live elsewhere; [`claims::Claims::push`] takes their claim.
//!
//! ```
//! # #[cfg(feature = "xlsx")] {
//! use colcrime::evidence::{compute, EvidenceInputs};
//! let d = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("notebooks-data");
//! let inputs = EvidenceInputs {
//!     ward_files: vec![d.join("met_police_ward/MPS_Ward_Level_Crime_recent24m_202403-202603.csv")],
//!     ward_population: d.join("london_population/census2021_ward_usual_residents_by_residence_type_london.csv"),
//!     pfa_table: d.join("ons_pfa_tables/ons_pfa_TableP1_counts_by_PFA_yejune2025.csv"),
//!     pfa_population: d.join("ons_pfa_tables/policeforceareatablesyearendingjune2019.xlsx"),
//!     national_trend: d.join("ons_crime_trends_ew/wiah_crime_trends_ew_A5a_2002-03_to_2024-25.json"),
//!     offences: colcrime::sources::met_ward::WardOffence::ALL.to_vec(),
//!     top: 10,
//! };
//! let p = compute(&inputs, None).unwrap();
//! assert!(p.hotspots.offences["robbery"].share_top_10pct > 0.3);
//! # }
//! ```

use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::sources::Dataset;
use crate::sources::census_ward::read_ward_population;
use crate::sources::crime_trend::read_crime_trend;
use crate::sources::met_ward::{WardOffence, read_ward_file};
use crate::sources::pfa_population::read_pfa_population;
use crate::sources::pfa_table::read_pfa_table;

#[cfg(feature = "charts")]
pub mod charts;
pub mod claims;
pub mod hotspots;
pub mod london_ew;
pub mod replication;
pub mod table;
pub mod trend;

/// The files the products read.
///
/// ```
/// let i = colcrime::evidence::EvidenceInputs::default();
/// assert_eq!(i.top, 10);
/// assert_eq!(i.offences.len(), 4);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceInputs {
    /// Met ward files (the newest gives the latest 12 months; older ones
    /// serve persistence).
    pub ward_files: Vec<PathBuf>,
    /// Census 2021 ward populations.
    pub ward_population: PathBuf,
    /// The newest ONS police force area Table P1 (CSV).
    pub pfa_table: PathBuf,
    /// An ONS police force area workbook whose Table P3 has populations.
    pub pfa_population: PathBuf,
    /// The England and Wales crime trend (JSON).
    pub national_trend: PathBuf,
    /// The hotspot offences.
    pub offences: Vec<WardOffence>,
    /// Wards listed per offence.
    pub top: usize,
}

impl Default for EvidenceInputs {
    fn default() -> Self {
        EvidenceInputs {
            ward_files: Vec::new(),
            ward_population: PathBuf::new(),
            pfa_table: PathBuf::new(),
            pfa_population: PathBuf::new(),
            national_trend: PathBuf::new(),
            offences: WardOffence::ALL.to_vec(),
            top: 10,
        }
    }
}

/// A file a product read: path as given and SHA-256.
///
/// ```
/// let f = colcrime::evidence::SourceFile { path: "a.csv".into(), sha256: "00".into() };
/// assert_eq!(f.path, "a.csv");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct SourceFile {
    /// The file.
    pub path: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
}

/// Everything [`compute`] produces.
#[derive(Debug, Clone, PartialEq)]
pub struct Products {
    /// Ward hotspots.
    pub hotspots: hotspots::Hotspots,
    /// London against the rest of England and Wales (with the trend).
    pub london_vs_ew: london_ew::LondonVsEw,
    /// The data-only claims (push more before writing).
    pub claims: claims::Claims,
    /// Files each product read, by product name (`hotspots`,
    /// `london_vs_ew`, `claims`).
    pub sources: std::collections::BTreeMap<String, Vec<SourceFile>>,
}

impl Products {
    /// The three JSON files, as (file name under `results/`, text).
    ///
    /// # Errors
    /// None in practice (serialisation of plain values).
    ///
    /// ```no_run
    /// # fn f(p: &colcrime::evidence::Products) {
    /// let files = p.json_files().unwrap();
    /// assert_eq!(files[0].0, "hotspots.json");
    /// # }
    /// ```
    pub fn json_files(&self) -> Result<Vec<(String, String)>> {
        Ok(vec![
            ("hotspots.json".into(), pretty(&self.hotspots)?),
            ("london_vs_ew.json".into(), pretty(&self.london_vs_ew)?),
            ("claims.json".into(), self.claims.to_json_string()?),
        ])
    }
}

/// Pretty JSON of a product.
fn pretty<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string_pretty(v).map_err(|e| Error::other(e.to_string()))
}

/// Reads the inputs and computes every product. `met` is the Met borough
/// dataset (the workspace's spliced borough files) used for London's trend
/// and the burglary claim; without it those are left out (the trend's
/// London side empty, no burglary claim).
///
/// # Errors
/// An input that cannot be read (file, line, column), or data that do not
/// allow a product (no ward file, no London row, ...).
///
/// ```
/// let e = colcrime::evidence::compute(&colcrime::evidence::EvidenceInputs::default(), None).unwrap_err();
/// assert_eq!(e.exit_code(), 2); // no ward file
/// ```
pub fn compute(inputs: &EvidenceInputs, met: Option<&Dataset>) -> Result<Products> {
    // The ward files are the bulk of the reading: in parallel.
    let tables = inputs
        .ward_files
        .par_iter()
        .map(|p| read_ward_file(p))
        .collect::<Result<Vec<_>>>()?;
    if tables.is_empty() {
        return Err(Error::usage(
            "the evidence products need at least one Met ward file (ward_files)",
        ));
    }
    let pop = read_ward_population(&inputs.ward_population)?;
    let hs = hotspots::hotspots(&tables, &pop, &inputs.offences, inputs.top)?;

    let p1 = read_pfa_table(&inputs.pfa_table)?;
    let pfa_pop = read_pfa_population(&inputs.pfa_population)?;
    let national = read_crime_trend(&inputs.national_trend)?;
    let mut lve = london_ew::london_vs_ew(&p1, &pfa_pop)?;
    lve.trend = Some(trend::compare(&national, met));

    let mut cl = claims::Claims::default();
    cl.push(claims::robbery_back_to_pre_covid(&national)?);
    cl.push(claims::violence_lower_in_london(&lve)?);
    if let Some(m) = met {
        cl.push(claims::burglary_down_since_2016(m)?);
    }

    let f = |path: &str, sha: &str| SourceFile {
        path: path.to_string(),
        sha256: sha.to_string(),
    };
    let mut hs_files: Vec<SourceFile> = tables.iter().map(|t| f(&t.path, &t.sha256)).collect();
    hs_files.push(f(&pop.path, &pop.sha256));
    let met_files: Vec<SourceFile> = met
        .map(|m| {
            let mut v: Vec<SourceFile> = m
                .series
                .iter()
                .flat_map(|s| s.provenance.iter())
                .map(|p| f(&p.file, &p.sha256))
                .collect();
            v.sort();
            v.dedup();
            v
        })
        .unwrap_or_default();
    let mut lve_files = vec![
        f(&p1.path, &p1.sha256),
        f(&pfa_pop.path, &pfa_pop.sha256),
        f(&national.path, &national.sha256),
    ];
    lve_files.extend(met_files.iter().cloned());
    let mut cl_files = lve_files.clone();
    cl_files.sort();
    cl_files.dedup();
    let sources = [
        ("hotspots".to_string(), hs_files),
        ("london_vs_ew".to_string(), lve_files),
        ("claims".to_string(), cl_files),
    ]
    .into_iter()
    .collect();
    Ok(Products {
        hotspots: hs,
        london_vs_ew: lve,
        claims: cl,
        sources,
    })
}
