//! What the teacher's notebook (`sotay`) and the hub (`sotay-hub`) share: the outer form of a
//! sealed batch, which the hub checks without being able to read it, and the hub's HTTP API
//! (paths, JSON bodies, error codes, the framing of downloaded pages, the one-time codes).
//!
//! The protocol is described in `docs/sync.md`, what each side can and cannot learn in
//! `docs/security.md`.

pub mod api;
pub mod batch;
pub mod code;
pub mod figures;
pub mod period;
pub mod reader;
