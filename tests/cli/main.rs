//! End-to-end tests: the built `plat` binary run on fixtures and on
//! catalogs written by the tests into temporary directories.

mod common;

mod backstage_server;
mod bad_input;
mod catalog_get;
mod catalog_ls;
mod catalog_validate;
mod config;
mod deployments;
mod deps;
mod docs;
mod dora;
mod dora_servers;
mod env;
mod generated;
mod global;
mod golang;
mod hardening;
mod kube_fake;
mod kube_fidelity;
mod kube_objects;
mod kube_table;
mod merge;
mod new;
mod publish;
mod publish_servers;
mod readme;
mod remote;
mod runs;
mod servers;
mod status;
mod update;
