//! The class's views beside the roster: reminders, dashboard and awareness sessions. Tab
//! and Shift+Tab switch between them and the roster; each replaces the bottom of the
//! screen stack.

/// The reminders list: which one is selected, and the first one drawn.
#[derive(Clone, Debug, Default)]
pub struct RemindersView {
    pub selected: usize,
    pub offset: usize,
}

#[derive(Clone, Debug, Default)]
pub struct DashboardView {
    pub scroll: usize,
}

#[derive(Clone, Debug, Default)]
pub struct SessionsView {
    pub selected: usize,
    pub offset: usize,
}
