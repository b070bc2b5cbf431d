//! The notebook the start-up and at-rest benchmarks measure: 2,000 demo pupils with their
//! follow-up, without a lock or locked with a passphrase at the real costs.

use std::sync::Arc;

use sotay::clock::{Clock, FixedClock};
use sotay::i18n::Lang;
use sotay::store::{Passphrase, Store, Unlock, protect};

pub const PASSPHRASE: &str = "cây bàng trước sân trường";

pub fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::on(2026, 11, 28))
}

/// The notebook, and what opens it (the key derived once, as after the teacher unlocked it).
pub fn notebook(locked: bool, clock: &Arc<FixedClock>) -> (tempfile::TempDir, Unlock) {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open_with_clock(dir.path(), clock.clone()).unwrap();
        sotay::demo::fill(&store, &sotay::demo::generate(2_000, 1, clock.today(), Lang::Vi)).unwrap();
    }
    if !locked {
        return (dir, Unlock::none());
    }
    let passphrase = Passphrase::new(PASSPHRASE);
    protect(dir.path(), clock.clone(), &Unlock::none(), Some(&passphrase)).unwrap();
    let unlock = Unlock::with(passphrase);
    drop(Store::open_unlocked(dir.path(), clock.clone(), &unlock).unwrap());
    (dir, unlock)
}
