//! Strings of a report's words: titles, headers, indicators, counts, columns.

use crate::strings;

strings!(R {
    PlaceholderR => "(chưa dùng)", "(unused)";
});
