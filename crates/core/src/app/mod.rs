//! The application: the command line, the config file, the request they
//! resolve into, shell completion, the pager, and the `run` loop that asks
//! the query layer and hands the answer to a renderer; and the commands for
//! people who write glossaries (`author`).

pub(crate) mod author;
pub(crate) mod cli;
pub(crate) mod complete;
pub(crate) mod config;
pub(crate) mod dictionaries;
pub(crate) mod lint;
pub(crate) mod lsp;
pub(crate) mod output;
pub(crate) mod pager;
pub(crate) mod provenance;
pub(crate) mod quick_args;
pub(crate) mod request;
pub(crate) mod run;
pub(crate) mod session;
pub(crate) mod translate;
