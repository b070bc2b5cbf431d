//! One pupil's timeline: visits, supports, case moves and edits from the change log, newest
//! first, each with its date. Built in `update` from the casebook and the store's change
//! log when the timeline opens (or after a save); drawing only reads it.

use uuid::Uuid;

/// The timeline screen's state.
#[derive(Clone, Debug)]
pub struct TimelineState {
    pub student_id: Uuid,
    pub name: String,
    /// Index of the selected entry.
    pub selected: usize,
    /// The first entry drawn.
    pub offset: usize,
}

/// What the entry popup shows: a case move or an edit, with the fields it changed.
#[derive(Clone, Debug)]
pub struct EntryView {
    pub title: String,
    pub lines: Vec<String>,
    pub scroll: usize,
}
