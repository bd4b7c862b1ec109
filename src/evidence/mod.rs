//! The evidence review of the default workspace: the products that answer
//! a policy team's questions from the fitted models and the shipped data.

pub mod replication;
pub mod table;
