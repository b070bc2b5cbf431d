//! Strings of exporting and merging reports from the command line: errors and results.

use crate::strings;

strings!(E {
    PlaceholderE => "(chưa dùng)", "(unused)";
});
