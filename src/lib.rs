//! plat: the internal developer platform in one binary.
//!
//! `cli` parses and renders; the domain modules (`catalog`) never print or
//! prompt: they return values and take progress callbacks.

pub mod catalog;
pub mod ci;
pub mod cli;
pub mod config;
pub mod deps;
pub mod docs;
pub mod dora;
pub mod error;
pub mod files;
pub mod github;
pub mod http;
pub mod integrations;
pub mod interrupt;
pub mod output;
pub mod preview;
pub mod scaffold;
pub mod status;
pub mod time;
