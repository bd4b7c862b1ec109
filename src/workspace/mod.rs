//! Workspaces: a TOML file declaring sources, derived series, models and
//! charts, and the `run` that turns them into a briefing.
//!
//! ```no_run
//! let report = colcrime::workspace::run_workspace(
//!     "notebooks-data/workspace.toml".as_ref(),
//!     &mut |step| eprintln!("{step}"),
//! )?;
//! println!("{}", report.run_dir.display());
//! # Ok::<(), colcrime::error::Error>(())
//! ```

pub(crate) mod atomic;
mod briefing;
mod build;
mod changes;
pub mod charts;
pub mod evidence;
mod fingerprint;
mod leftovers;
mod lock;
pub mod models;
mod names;
mod outdir;
mod releases;
pub mod review;
mod run;
mod skill;
mod spec;
mod steps;

pub use crate::doc::words::fmt_num;
pub use crate::doc::{Block, Doc};
pub use atomic::write_atomic;
pub use build::Loaded;
pub use evidence::{EvidenceRun, EvidenceSpec, EvidenceStep, write_products};
pub use leftovers::sweep_temporaries;
pub use lock::WorkspaceLock;
pub use names::{MAX_NAME_LEN, check_identifier, check_table_names, is_identifier};
pub use outdir::OutputDir;
pub use releases::{Registry, Release};
pub use run::{
    RunReport, latest_run, output_root, refit_workspace, refit_workspace_mode, run_workspace,
    run_workspace_to, sha256_hex,
};
pub use spec::{ChartSpec, ModelSpec, SeriesSpec, Settings, SourceSpec, WorkspaceSpec};
pub use steps::Step;
