//! The class's views beside the roster: reminders, dashboard and awareness sessions. Tab
//! and Shift+Tab switch between them and the roster; each replaces the bottom of the
//! screen stack.

/// The reminders list: which one is selected, and the first line drawn.
#[derive(Clone, Debug, Default)]
pub struct RemindersView {
    pub selected: usize,
    /// The first line of the list drawn (section headings count as lines).
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

/// The four views Tab cycles through, in the tab strip's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViewTab {
    Roster,
    Reminders,
    Dashboard,
    Sessions,
}

impl ViewTab {
    pub const ALL: [ViewTab; 4] = [
        ViewTab::Roster,
        ViewTab::Reminders,
        ViewTab::Dashboard,
        ViewTab::Sessions,
    ];

    /// The next view (or the previous one), wrapping around.
    pub fn step(self, forward: bool) -> ViewTab {
        let n = Self::ALL.len();
        let i = Self::ALL.iter().position(|v| *v == self).unwrap_or(0);
        Self::ALL[if forward { (i + 1) % n } else { (i + n - 1) % n }]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_wrap_both_ways() {
        assert_eq!(ViewTab::Roster.step(true), ViewTab::Reminders);
        assert_eq!(ViewTab::Sessions.step(true), ViewTab::Roster);
        assert_eq!(ViewTab::Roster.step(false), ViewTab::Sessions);
        assert_eq!(ViewTab::Dashboard.step(false), ViewTab::Reminders);
    }
}
