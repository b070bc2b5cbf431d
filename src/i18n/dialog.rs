//! Strings of the TUI's export dialog.

use crate::strings;

strings!(X {
    PlaceholderX => "(chưa dùng)", "(unused)";
});
