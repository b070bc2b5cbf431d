//! The terminal interface: key -> action (keymap) -> update (state, store) -> draw.
//!
//! `App` holds the state; `App::handle_key` turns a key into a text edit or, through the
//! keymap, an `Action`; `App::update` carries actions out (the only place that writes);
//! `draw` renders the state and nothing else; `run` owns the terminal.
pub mod action;
pub mod app;
pub mod background;
pub mod backup;
pub mod bundle;
pub mod case_forms;
mod case_update;
pub mod draw;
pub mod export;
pub mod form;
pub mod keymap;
pub mod lock;
mod lock_update;
pub mod paths;
pub mod roster;
pub mod run;
pub mod session;
pub mod timeline;
mod update;
pub mod view_forms;
mod view_update;
pub mod views;
pub mod widgets;

pub use app::App;
pub use draw::{draw, draw_session};
pub use run::run;
pub use session::Session;
