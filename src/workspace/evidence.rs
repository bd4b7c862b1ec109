//! The workspace's `[evidence]` table: the files of the data-only evidence
//! products (ward hotspots, London against the rest of England and Wales,
//! the claims checked), and the step of `colcrime run` that writes them.
//!
//! ```toml
//! [evidence]
//! ward_files = ["met_police_ward/MPS_Ward_Level_Crime_recent24m_202304-202503.csv",
//!               "met_police_ward/MPS_Ward_Level_Crime_recent24m_202403-202603.csv"]
//! ward_population = "london_population/census2021_ward_usual_residents_by_residence_type_london.csv"
//! pfa_table = "ons_pfa_tables/ons_pfa_TableP1_counts_by_PFA_yejune2025.csv"
//! pfa_population = "ons_pfa_tables/policeforceareatablesyearendingjune2019.xlsx"
//! national_trend = "ons_crime_trends_ew/wiah_crime_trends_ew_A5a_2002-03_to_2024-25.json"
//! met_source = "met"      # the Met borough source: London's trend, the burglary claim
//! offences = ["robbery", "theft", "shoplifting", "theft_from_person"]
//! top = 10
//! ```
//!
//! Paths are relative to the workspace file.
//!
//! ```
//! use colcrime::workspace::WorkspaceSpec;
//! let w = WorkspaceSpec::from_toml_str("w.toml", "[evidence]\nward_files = [\"a.csv\"]\nward_population = \"p.csv\"\npfa_table = \"t.csv\"\npfa_population = \"w.xlsx\"\nnational_trend = \"n.json\"\n").unwrap();
//! let e = w.evidence.unwrap();
//! assert_eq!(e.met_source, "met");
//! assert_eq!(e.inputs(std::path::Path::new("d")).unwrap().ward_files[0], std::path::Path::new("d/a.csv"));
//! assert!(WorkspaceSpec::from_toml_str("w.toml", "[evidence]\nward_filez = []\n").is_err());
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_json::{Value, json};

use super::atomic::write_atomic;
use super::build::Loaded;
use crate::error::{Error, Result};
use crate::evidence::{self, EvidenceInputs, Products};
use crate::sources::met_ward::WardOffence;

/// `[evidence]`: the input files of the evidence products.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EvidenceSpec {
    /// Met ward files (the newest by its last month gives the latest 12 months).
    pub ward_files: Vec<String>,
    /// Census 2021 ward populations.
    pub ward_population: String,
    /// The newest ONS police force area Table P1 (CSV).
    pub pfa_table: String,
    /// An ONS police force area workbook with populations in Table P3.
    pub pfa_population: String,
    /// The England and Wales police recorded crime trend (JSON).
    pub national_trend: String,
    /// The workspace source holding the Met borough files.
    #[serde(default = "default_met")]
    pub met_source: String,
    /// Hotspot offences (`robbery`, `theft`, `shoplifting`, `theft_from_person`).
    #[serde(default = "default_offences")]
    pub offences: Vec<String>,
    /// Wards listed per offence.
    #[serde(default = "default_top")]
    pub top: usize,
}

fn default_met() -> String {
    "met".into()
}
fn default_offences() -> Vec<String> {
    WardOffence::ALL
        .iter()
        .map(|o| o.key().to_string())
        .collect()
}
fn default_top() -> usize {
    10
}

impl EvidenceSpec {
    /// The inputs, with paths resolved against the workspace folder `dir`.
    ///
    /// # Errors
    /// An unknown offence key, or `top` of 0.
    ///
    /// ```
    /// use colcrime::workspace::WorkspaceSpec;
    /// let w = WorkspaceSpec::from_toml_str("w.toml", "[evidence]\nward_files = []\nward_population = \"p\"\npfa_table = \"t\"\npfa_population = \"w\"\nnational_trend = \"n\"\noffences = [\"arson\"]\n").unwrap();
    /// assert!(w.evidence.unwrap().inputs("d".as_ref()).is_err());
    /// ```
    pub fn inputs(&self, dir: &Path) -> Result<EvidenceInputs> {
        let offences = self
            .offences
            .iter()
            .map(|k| {
                WardOffence::from_key(k).ok_or_else(|| {
                    Error::not_found("hotspot offence in [evidence]", k, default_offences())
                })
            })
            .collect::<Result<Vec<_>>>()?;
        if self.top == 0 {
            return Err(Error::usage("[evidence] top must be at least 1"));
        }
        Ok(EvidenceInputs {
            ward_files: self.ward_files.iter().map(|p| dir.join(p)).collect(),
            ward_population: dir.join(&self.ward_population),
            pfa_table: dir.join(&self.pfa_table),
            pfa_population: dir.join(&self.pfa_population),
            national_trend: dir.join(&self.national_trend),
            offences,
            top: self.top,
        })
    }
}

/// What the evidence step of a run wrote.
#[derive(Debug, Clone)]
pub struct EvidenceRun {
    /// The products (push more claims before [`EvidenceRun::rewrite_claims`]).
    pub products: Products,
    /// The charts drawn (figures for the briefing).
    pub figures: Vec<crate::evidence::charts::Figure>,
    /// Files written, relative to the run folder: (path, sha256, bytes).
    pub files: Vec<(String, String, usize)>,
    /// Manifest `results` entries, by product name.
    pub manifest: BTreeMap<String, Value>,
}

impl EvidenceRun {
    /// The briefing blocks of every product, in the order hotspots (with
    /// their charts), London against the rest, claims. The lead's briefing
    /// may instead take each product's `blocks()` and the figures.
    ///
    /// ```no_run
    /// # fn f(run: &colcrime::workspace::EvidenceRun) {
    /// assert!(!run.blocks().is_empty());
    /// # }
    /// ```
    pub fn blocks(&self) -> Vec<crate::doc::Block> {
        use crate::doc::Block;
        let mut b = vec![Block::Heading(
            1,
            "Where crime concentrates: ward hotspots".into(),
        )];
        let hs = self.products.hotspots.blocks();
        let fig = |stem: &str| {
            self.figures
                .iter()
                .find(|f| f.stem == stem)
                .map(|f| f.block())
        };
        let mut it = hs.into_iter();
        // The lead paragraph and the summary table, then the curves.
        b.extend(it.by_ref().take(2));
        b.extend(fig("charts/hotspots_lorenz"));
        b.extend(fig("charts/hotspots_top_robbery"));
        b.extend(fig("charts/hotspots_top_theft"));
        b.extend(fig("charts/hotspots_boroughs_robbery"));
        b.extend(it);
        b.push(Block::Heading(
            1,
            "London against the rest of England and Wales".into(),
        ));
        b.extend(self.products.london_vs_ew.blocks());
        // The claims table also goes into the one-page summary.
        b.push(Block::Heading(1, "The claims, checked".into()).for_summary());
        b.extend(self.products.claims.blocks().into_iter().map(|c| match c {
            Block::Table(..) => c.for_summary(),
            c => c,
        }));
        b
    }

    /// Writes `results/claims.json` again (after more claims were pushed)
    /// and returns its (path, sha256, bytes) for the manifest.
    ///
    /// # Errors
    /// The file cannot be written.
    ///
    /// ```no_run
    /// # fn f(run: &mut colcrime::workspace::EvidenceRun) {
    /// let (path, _sha, _n) = run.rewrite_claims("/tmp/run".as_ref()).unwrap();
    /// assert_eq!(path, "results/claims.json");
    /// # }
    /// ```
    pub fn rewrite_claims(&mut self, run_dir: &Path) -> Result<(String, String, usize)> {
        let text = self.products.claims.to_json_string()?;
        let rel = "results/claims.json".to_string();
        write_atomic(&run_dir.join(&rel), text.as_bytes())?;
        let entry = (
            rel.clone(),
            crate::hash::sha256_hex(text.as_bytes()),
            text.len(),
        );
        self.files.retain(|f| f.0 != rel);
        self.files.push(entry.clone());
        Ok(entry)
    }
}

/// The evidence step of a run: like a model, a failure is recorded (in the
/// manifest, as `"status": "failed"` with the message) and does not stop
/// the rest of the run.
#[derive(Debug, Clone, Default)]
pub struct EvidenceStep {
    /// What was written, when the step succeeded (`None` also without an
    /// `[evidence]` table).
    pub run: Option<EvidenceRun>,
    /// The error, when it failed.
    pub error: Option<String>,
}

impl EvidenceStep {
    /// Files written: (path relative to the run folder, sha256, bytes).
    ///
    /// ```
    /// assert_eq!(colcrime::workspace::EvidenceStep::default().files().count(), 0);
    /// ```
    pub fn files(&self) -> impl Iterator<Item = &(String, String, usize)> {
        self.run.iter().flat_map(|r| r.files.iter())
    }

    /// Entries for the manifest's `results`: one per product, or one
    /// `evidence` entry with the error.
    ///
    /// ```
    /// let s = colcrime::workspace::EvidenceStep { run: None, error: Some("x.csv: missing".into()) };
    /// assert_eq!(s.manifest()["evidence"]["status"], "failed");
    /// ```
    pub fn manifest(&self) -> BTreeMap<String, Value> {
        match (&self.run, &self.error) {
            (Some(r), _) => r.manifest.clone(),
            (None, Some(e)) => [(
                "evidence".to_string(),
                json!({"status": "failed", "kind": "evidence", "error": e}),
            )]
            .into_iter()
            .collect(),
            (None, None) => BTreeMap::new(),
        }
    }
}

/// Runs the evidence step of `colcrime run`: [`write_products`], with a
/// failure recorded rather than returned (reported through `progress`).
///
/// ```no_run
/// use colcrime::workspace::{evidence, Loaded};
/// let w = Loaded::load("notebooks-data/workspace.toml".as_ref(), &mut |_| {}).unwrap();
/// let s = evidence::step(&w, "/tmp/run".as_ref(), None, &mut |m| eprintln!("{m}"));
/// assert!(s.error.is_none());
/// ```
///
/// With the evidence table (`table`), the claim `cost_of_living_link` is
/// judged on it ([`crate::evidence::claims::cost_of_living_link`]) and added.
pub fn step(
    loaded: &Loaded,
    run_dir: &Path,
    table: Option<&crate::evidence::table::Evidence>,
    progress: &mut dyn FnMut(&str),
) -> EvidenceStep {
    if loaded.spec.evidence.is_none() {
        return EvidenceStep::default();
    }
    progress("computing the evidence products");
    let done = prepare(loaded).and_then(|p| {
        p.map(|mut p| {
            if let Some(t) = table {
                p.claims
                    .push(crate::evidence::claims::cost_of_living_link(t));
            }
            write(loaded, p, run_dir)
        })
        .transpose()
    });
    match done {
        Ok(run) => EvidenceStep { run, error: None },
        Err(e) => {
            progress(&format!("the evidence products failed: {e}"));
            EvidenceStep {
                run: None,
                error: Some(e.to_string()),
            }
        }
    }
}

/// Computes the evidence products of a loaded workspace with an
/// `[evidence]` table, without writing anything (so that more claims can be
/// pushed before [`write`]). `None` without an `[evidence]` table.
///
/// # Errors
/// An input that cannot be read, or a product the data do not allow.
///
/// ```no_run
/// use colcrime::workspace::{evidence, Loaded};
/// let w = Loaded::load("notebooks-data/workspace.toml".as_ref(), &mut |_| {}).unwrap();
/// let mut p = evidence::prepare(&w).unwrap().unwrap();
/// p.claims.push(colcrime::evidence::claims::Claim::new("cost_of_living_link", "...", colcrime::evidence::claims::MAYOR_PRESS_RELEASE, colcrime::evidence::claims::Verdict::Mixed, "..."));
/// let run = evidence::write(&w, p, "/tmp/run".as_ref()).unwrap();
/// assert_eq!(run.products.claims.len(), 4);
/// ```
pub fn prepare(loaded: &Loaded) -> Result<Option<Products>> {
    let Some(spec) = &loaded.spec.evidence else {
        return Ok(None);
    };
    let inputs = spec.inputs(&loaded.dir)?;
    let met = loaded.datasets.get(&spec.met_source);
    evidence::compute(&inputs, met)
        .map(Some)
        .map_err(|e| e.context("[evidence]"))
}

/// [`prepare`] then [`write`]: computes the evidence products and writes
/// `results/hotspots.json`, `results/london_vs_ew.json`,
/// `results/claims.json` and the hotspot charts into `run_dir`. `None`
/// without an `[evidence]` table.
///
/// # Errors
/// As [`prepare`] and [`write`].
///
/// ```no_run
/// use colcrime::workspace::{write_products, Loaded};
/// let w = Loaded::load("notebooks-data/workspace.toml".as_ref(), &mut |_| {}).unwrap();
/// let run = write_products(&w, "/tmp/run".as_ref()).unwrap().unwrap();
/// assert!(run.files.iter().any(|f| f.0 == "results/hotspots.json"));
/// ```
pub fn write_products(loaded: &Loaded, run_dir: &Path) -> Result<Option<EvidenceRun>> {
    prepare(loaded)?
        .map(|p| write(loaded, p, run_dir))
        .transpose()
}

/// Writes the products' JSON files and charts into `run_dir` and returns
/// the files written (for the run's file list) and the manifest entries.
///
/// # Errors
/// A chart that cannot be drawn or a file that cannot be written.
///
/// ```no_run
/// # use colcrime::workspace::{evidence, Loaded};
/// # let w = Loaded::load("notebooks-data/workspace.toml".as_ref(), &mut |_| {}).unwrap();
/// let p = evidence::prepare(&w).unwrap().unwrap();
/// let run = evidence::write(&w, p, "/tmp/run".as_ref()).unwrap();
/// assert_eq!(run.figures.len(), 3);
/// ```
pub fn write(loaded: &Loaded, products: Products, run_dir: &Path) -> Result<EvidenceRun> {
    let mut files = Vec::new();
    for (name, text) in products.json_files()? {
        let rel = format!("results/{name}");
        write_atomic(&run_dir.join(&rel), text.as_bytes())?;
        files.push((rel, crate::hash::sha256_hex(text.as_bytes()), text.len()));
    }
    let figures = evidence::charts::render(&products.hotspots, run_dir)?;
    for f in &figures {
        for ext in ["png", "svg"] {
            let rel = format!("{}.{ext}", f.stem);
            let p = run_dir.join(&rel);
            let bytes = std::fs::read(&p).map_err(|e| Error::io(&p, e))?;
            files.push((rel, crate::hash::sha256_hex(&bytes), bytes.len()));
        }
    }
    let rel = |p: &str| -> String {
        Path::new(p)
            .strip_prefix(&loaded.dir)
            .map(|r| r.display().to_string())
            .unwrap_or_else(|_| p.to_string())
    };
    let charts_of = |name: &str| -> Vec<String> {
        if name == "hotspots" {
            figures.iter().map(|f| format!("{}.png", f.stem)).collect()
        } else {
            Vec::new()
        }
    };
    let manifest = products
        .sources
        .iter()
        .map(|(name, srcs)| {
            let deps: Vec<Value> = srcs
                .iter()
                .map(|s| json!({"path": rel(&s.path), "sha256": s.sha256}))
                .collect();
            (
                name.clone(),
                json!({
                    "file": format!("results/{name}.json"),
                    "status": "ok",
                    "kind": "evidence",
                    "charts": charts_of(name),
                    "sources": deps,
                }),
            )
        })
        .collect();
    Ok(EvidenceRun {
        products,
        figures,
        files,
        manifest,
    })
}
