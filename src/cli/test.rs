//! `colcrime test adf|kpss|coint|granger` (issue 4).

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
stub_args!(AdfArgs, "Options of `test adf`.");
stub_args!(KpssArgs, "Options of `test kpss`.");
stub_args!(CointArgs, "Options of `test coint`.");
stub_args!(GrangerArgs, "Options of `test granger`.");

pub(crate) fn adf(_a: &AdfArgs) -> Result<Output> {
    Err(Error::other("test adf is not implemented yet"))
}
pub(crate) fn kpss(_a: &KpssArgs) -> Result<Output> {
    Err(Error::other("test kpss is not implemented yet"))
}
pub(crate) fn coint(_a: &CointArgs) -> Result<Output> {
    Err(Error::other("test coint is not implemented yet"))
}
pub(crate) fn granger(_a: &GrangerArgs) -> Result<Output> {
    Err(Error::other("test granger is not implemented yet"))
}
