//! The application: the command line, the config file, the request they
//! resolve into, shell completion, and the `run` loop that asks the query
//! layer and hands the answer to a renderer.

pub(crate) mod cli;
pub(crate) mod complete;
pub(crate) mod config;
pub(crate) mod quick_args;
pub(crate) mod request;
pub(crate) mod run;
