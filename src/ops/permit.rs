//! The proof a change passed the write gate. `aws::Clients::mutate`
//! takes one, and only `ops::writes` can make one (its field is private to
//! this module and the constructor is `pub(in crate::ops)`), so the
//! compiler, not a convention, keeps every change on the audited path.

/// Made by `ops::writes` after the read-only check, the audit log check
/// and the conflict check; spent by the one call it allows.
#[derive(Debug)]
pub struct Permit {
    _gate: (),
}

impl Permit {
    pub(in crate::ops) fn new() -> Permit {
        Permit { _gate: () }
    }
}
