//! Strings of reporting periods.

use crate::strings;

strings!(P {
    PlaceholderP => "(chưa dùng)", "(unused)";
});
