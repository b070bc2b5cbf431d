//! What a key can ask for. Keymaps bind keys to these, per context; `update` carries
//! them out. The names (`snake_case`) are what keymap files write after `run =`.

use serde::{Deserialize, Serialize};

/// Where the keys are read: each screen or popup is a context with its own bindings.
/// `Global` bindings work everywhere unless the context binds the same key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Context {
    Global,
    /// The class list.
    Roster,
    /// Typing in the roster's search box.
    Search,
    /// One pupil's page.
    Detail,
    /// Any form: set-up, add or edit a pupil, screening checklist, import path. Printable
    /// keys go to the focused text field first, so they can always be typed.
    Form,
    /// A yes/no question (delete?).
    Confirm,
    /// The help popup.
    Help,
    /// One pupil's timeline: visits, supports, case moves and edits.
    Timeline,
    /// What is overdue or due soon, for the whole class.
    Reminders,
    /// The class's indicators against the plan's targets.
    Dashboard,
    /// The class's awareness sessions.
    Sessions,
    /// A timeline entry opened to read: a visit or a support (which the edit key opens in
    /// its form), a case move or an edit.
    Entry,
    /// The sync screen (from the profile form): the account, this device, the batches held,
    /// the last exchange; bundles exported and imported.
    Sync,
    /// The lock screen: the passphrase is typed there (printable keys type).
    Lock,
}

impl Context {
    pub const ALL: [Context; 14] = [
        Context::Global,
        Context::Roster,
        Context::Search,
        Context::Detail,
        Context::Form,
        Context::Confirm,
        Context::Help,
        Context::Timeline,
        Context::Reminders,
        Context::Dashboard,
        Context::Sessions,
        Context::Entry,
        Context::Sync,
        Context::Lock,
    ];
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    Help,
    /// Close the popup or form, clear the search, or go back a screen.
    Back,
    /// Open what is selected (a pupil, a pick-list entry).
    Open,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Focus the search box.
    Search,
    /// Show the next status filter (all, not screened, at risk, …).
    Filter,
    /// Switch the roster between list order and name order.
    Sort,
    Add,
    Edit,
    Delete,
    /// Open the screening checklist.
    Screen,
    Import,
    NextField,
    PrevField,
    Save,
    /// Tick or untick a checklist entry; next value of a pick list.
    Toggle,
    Yes,
    No,
    /// Edit the teacher's profile (school, class, school year, language).
    Profile,
    /// Record a home visit for the pupil.
    Visit,
    /// Record a support for the pupil.
    Support,
    /// Move the pupil's case to another stage (or re-open it).
    Case,
    /// Mark the pupil or the parents informed.
    Informed,
    /// Show the next of the class's views: roster, reminders, dashboard, sessions.
    NextView,
    PrevView,
    /// Write the class's report to a file (the export dialog).
    Export,
    /// Empty the focused text field.
    ClearField,
    /// Cut the focused text field to the length it takes, when it is longer.
    CutToLimit,
    /// Merge the selected pupil with the one they may be (the class list marks them: typed
    /// by hand on two devices).
    Merge,
    /// From the profile form: the sync screen (account, device, bundles).
    Sync,
    /// Sync with the hub now and show the sync screen with the details (everywhere).
    SyncNow,
    /// On the sync screen: accept the selected report reader's key, after comparing its
    /// fingerprint with the reader.
    AcceptReader,
    /// Lock the notebook now (when it has a passphrase); on the lock screen, unlock.
    Lock,
    /// From the profile form: the passphrase lock's settings (set, change, remove, idle
    /// minutes).
    LockSettings,
    /// On the sync screen: write a backup of the notebook, encrypted to the account.
    Backup,
}

impl Action {
    /// Every action, in the order the docs and the help list them. A new variant goes here
    /// too: the keymap's name table (`keymap::action_name`) stops compiling until it is named.
    pub const ALL: [Action; 41] = [
        Action::Quit,
        Action::Help,
        Action::Back,
        Action::Open,
        Action::Up,
        Action::Down,
        Action::PageUp,
        Action::PageDown,
        Action::Top,
        Action::Bottom,
        Action::Search,
        Action::Filter,
        Action::Sort,
        Action::Add,
        Action::Edit,
        Action::Delete,
        Action::Screen,
        Action::Import,
        Action::NextField,
        Action::PrevField,
        Action::Save,
        Action::Toggle,
        Action::Yes,
        Action::No,
        Action::Profile,
        Action::Visit,
        Action::Support,
        Action::Case,
        Action::Informed,
        Action::NextView,
        Action::PrevView,
        Action::Export,
        Action::ClearField,
        Action::CutToLimit,
        Action::Merge,
        Action::Sync,
        Action::SyncNow,
        Action::AcceptReader,
        Action::Lock,
        Action::LockSettings,
        Action::Backup,
    ];
}
