//! The names keymap files use for contexts and actions: serde's snake_case names of
//! [`Context`] and [`Action`], so files and code can't drift apart.

use serde::Deserialize;
use serde::de::IntoDeserializer;
use serde::de::value::{Error as ValueError, StrDeserializer};

use crate::tui::action::{Action, Context};

/// What `run =` says to take a key away from a context (not an [`Action`]).
pub const UNBIND: &str = "none";

pub fn action_name(action: Action) -> &'static str {
    match action {
        Action::Quit => "quit",
        Action::Help => "help",
        Action::Back => "back",
        Action::Open => "open",
        Action::Up => "up",
        Action::Down => "down",
        Action::PageUp => "page_up",
        Action::PageDown => "page_down",
        Action::Top => "top",
        Action::Bottom => "bottom",
        Action::Search => "search",
        Action::Filter => "filter",
        Action::Sort => "sort",
        Action::Add => "add",
        Action::Edit => "edit",
        Action::Delete => "delete",
        Action::Screen => "screen",
        Action::Import => "import",
        Action::NextField => "next_field",
        Action::PrevField => "prev_field",
        Action::Save => "save",
        Action::Toggle => "toggle",
        Action::Yes => "yes",
        Action::No => "no",
        Action::Profile => "profile",
        Action::Visit => "visit",
        Action::Support => "support",
        Action::Case => "case",
        Action::Informed => "informed",
        Action::NextView => "next_view",
        Action::PrevView => "prev_view",
        Action::Export => "export",
        Action::ClearField => "clear_field",
        Action::CutToLimit => "cut_to_limit",
        Action::Merge => "merge",
        Action::Sync => "sync",
        Action::SyncNow => "sync_now",
        Action::AcceptReader => "accept_reader",
        Action::Lock => "lock",
        Action::LockSettings => "lock_settings",
        Action::Backup => "backup",
    }
}

pub fn context_name(context: Context) -> &'static str {
    match context {
        Context::Global => "global",
        Context::Roster => "roster",
        Context::Search => "search",
        Context::Detail => "detail",
        Context::Form => "form",
        Context::Confirm => "confirm",
        Context::Help => "help",
        Context::Timeline => "timeline",
        Context::Reminders => "reminders",
        Context::Dashboard => "dashboard",
        Context::Sessions => "sessions",
        Context::Entry => "entry",
        Context::Sync => "sync",
        Context::Lock => "lock",
    }
}

pub fn parse_action(name: &str) -> Option<Action> {
    from_name(name)
}

pub fn parse_context(name: &str) -> Option<Context> {
    from_name(name)
}

/// Contexts where printable keys type text, so can't be bound.
pub fn types_text(context: Context) -> bool {
    matches!(context, Context::Search | Context::Form | Context::Lock)
}

fn from_name<'de, T: Deserialize<'de>>(name: &'de str) -> Option<T> {
    let de: StrDeserializer<'de, ValueError> = name.into_deserializer();
    T::deserialize(de).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_serde_names() {
        for a in Action::ALL {
            assert_eq!(parse_action(action_name(a)), Some(a));
        }
        for c in Context::ALL {
            assert_eq!(parse_context(context_name(c)), Some(c));
        }
        assert_eq!(parse_action(UNBIND), None);
        assert_eq!(parse_action("Down"), None);
    }
}
