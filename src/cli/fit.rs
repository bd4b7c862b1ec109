//! `colcrime fit KIND`: one subcommand per model kind, generated from the
//! kinds' registry; every one reads `--data`, builds the kind's
//! [`ModelData`] and prints its [`Report`](crate::kinds::Report).

use rayon::prelude::*;
use serde_json::{Map, json};

use super::common::{DataArgs, OutputFormat};
use super::output::Output;
use crate::error::{Error, Result};
use crate::kinds::{KindOptions, ModelData};

/// A kind's options with the data options every `fit` command takes.
#[derive(Debug, clap::Args)]
pub struct KindArgs<K: clap::Args> {
    #[command(flatten)]
    pub(crate) data: DataArgs,
    #[command(flatten)]
    pub(crate) options: K,
}

macro_rules! define_fit_command {
    (models { $($models:tt)* } tests { $($tests:tt)* }) => {
        define_fit_command! { @list $($models)* }
    };
    (@list $( $variant:ident => $name:literal, $ty:ty, $doc:literal; )*) => {
        /// `colcrime fit ...`: one subcommand per model kind.
        #[derive(Debug, clap::Subcommand)]
        pub enum FitCommand {
            $(
                #[doc = $doc]
                #[command(name = $name)]
                $variant(KindArgs<$ty>),
            )*
        }

        impl FitCommand {
            fn split(self) -> (DataArgs, KindOptions) {
                match self {
                    $( FitCommand::$variant(a) => (a.data, KindOptions::$variant(a.options)), )*
                }
            }
        }
    };
}
crate::kinds::registry::with_kinds!(define_fit_command);

/// Runs `colcrime fit KIND`.
pub(crate) fn run(cmd: FitCommand, format: OutputFormat) -> Result<Output> {
    let (data, kind) = cmd.split();
    kind.validate()?;
    let (frame, ntrain) = if kind.time_series() {
        data.load_time_series(&format!("fit {}", kind.name()))?
    } else {
        data.load_panel()?
    };
    let mut md = ModelData::new(&frame, 0..ntrain)?;
    md.table_only = format == OutputFormat::Table;
    // Every report below is written through `to_json` or `write_json`.
    md.defer_arrays = true;
    let Some(names) = kind.batch(&frame) else {
        return Ok(Output::from_report(kind.fit(&md)?));
    };
    if let [one] = names.as_slice() {
        return Ok(Output::from_report(kind.for_series(one).fit(&md)?));
    }
    // Several series, fitted in parallel: `{"fits": {NAME: {...}}}`.
    let task = crate::progress::task(names.len() as u64, "series fitted");
    let results: Vec<(String, Result<crate::kinds::Report>)> = names
        .par_iter()
        .map(|n| {
            let r = kind.for_series(n).fit(&md);
            task.advance();
            (n.clone(), r)
        })
        .collect();
    drop(task);
    if results.iter().all(|(_, r)| r.is_err()) {
        if let Some((_, Err(e))) = results.into_iter().next() {
            return Err(e);
        }
        return Err(Error::usage("no series to fit"));
    }
    let mut fits = Map::new();
    let mut table = String::new();
    for (n, r) in results {
        match r {
            Ok(one) => {
                table.push_str(&one.table);
                table.push('\n');
                fits.insert(n, one.to_json());
            }
            Err(e) => {
                table.push_str(&format!("{n}: error: {e}\n\n"));
                fits.insert(n, e.to_json());
            }
        }
    }
    Ok(Output::new(json!({ "fits": fits }), table))
}
