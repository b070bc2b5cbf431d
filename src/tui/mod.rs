//! The terminal interface: key -> action (keymap) -> update (state, store) -> draw.
pub mod action;
pub mod keymap;
