//! `colcrime test adf|kpss|coint|granger|pp|za` (issue 4): unit-root,
//! stationarity, cointegration and Granger causality tests on series given
//! as expressions over `--data`.
//!
//! One subcommand per test kind of the registry (its `tests` list); each
//! reads `--data`, builds the kind's [`ModelData`] and prints its
//! [`Report`](crate::kinds::Report), exactly as a workspace model table of
//! that kind is fitted ([`crate::kinds::TestSample`] says which rows a test
//! uses).

use super::common::DataArgs;
use super::fit::KindArgs;
use super::output::Output;
use crate::error::Result;
use crate::kinds::{KindOptions, ModelData};

macro_rules! define_test_command {
    (models { $($models:tt)* } tests { $($tests:tt)* }) => {
        define_test_command! { @list $($tests)* }
    };
    (@list $( $variant:ident => $name:literal, $ty:ty, $doc:literal; )*) => {
        /// `colcrime test ...`: one subcommand per test kind.
        #[derive(Debug, clap::Subcommand)]
        pub enum TestCommand {
            $(
                #[doc = $doc]
                #[command(name = $name)]
                $variant(KindArgs<$ty>),
            )*
        }

        impl TestCommand {
            fn split(self) -> (DataArgs, KindOptions) {
                match self {
                    $( TestCommand::$variant(a) => (a.data, KindOptions::$variant(a.options)), )*
                }
            }
        }
    };
}
crate::kinds::registry::with_kinds!(define_test_command);

/// Runs `colcrime test KIND`.
pub(crate) fn run(cmd: TestCommand) -> Result<Output> {
    let (data, kind) = cmd.split();
    kind.validate()?;
    let (frame, ntrain) = data.load_time_series(&format!("test {}", kind.name()))?;
    let md = ModelData::new(&frame, 0..ntrain)?;
    let r = kind.fit(&md)?;
    Ok(Output::new(r.to_json(), r.table))
}
