//! `colcrime fit sarima|auto-arima|ets|holt-winters|var` (issue 5).

use super::common::DataArgs;
use super::output::Output;
use crate::error::{Error, Result};

macro_rules! stub_args {
    ($name:ident, $doc:literal) => {
        #[doc = $doc]
        #[derive(Debug, clap::Args)]
        pub struct $name {
            #[command(flatten)]
            data: DataArgs,
        }
    };
}
stub_args!(SarimaArgs, "Options of `fit sarima`.");
stub_args!(AutoArimaArgs, "Options of `fit auto-arima`.");
stub_args!(EtsArgs, "Options of `fit ets`.");
stub_args!(HoltWintersArgs, "Options of `fit holt-winters`.");
stub_args!(VarArgs, "Options of `fit var`.");

pub(crate) fn sarima(_a: &SarimaArgs) -> Result<Output> {
    Err(Error::other("fit sarima is not implemented yet"))
}
pub(crate) fn auto_arima(_a: &AutoArimaArgs) -> Result<Output> {
    Err(Error::other("fit auto-arima is not implemented yet"))
}
pub(crate) fn ets(_a: &EtsArgs) -> Result<Output> {
    Err(Error::other("fit ets is not implemented yet"))
}
pub(crate) fn holt_winters(_a: &HoltWintersArgs) -> Result<Output> {
    Err(Error::other("fit holt-winters is not implemented yet"))
}
pub(crate) fn var(_a: &VarArgs) -> Result<Output> {
    Err(Error::other("fit var is not implemented yet"))
}
