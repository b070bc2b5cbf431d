//! sotay: a homeroom teacher's notebook for preventing child labour.
pub mod backup;
pub mod cli;
pub mod clock;
pub mod demo;
pub mod domain;
pub mod hub;
pub mod i18n;
pub mod import;
pub mod panic;
pub mod report;
pub mod store;
pub mod sync;
pub mod text;
pub mod tui;
