//! A secret's ARN and name in one small allocation.
//!
//! An ARN is `arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-AbCdEf`.
//! Its head (up to `:secret:`) is the same for every secret of an account
//! and region, so it is kept once, in a process-wide table, and a secret
//! keeps the rest: its name and the six-character suffix. At 100,000
//! secrets that is about 5 MB less than a copy of every head. A name the
//! ARN does not hold (or a secret without an ARN) is kept after the whole
//! ARN instead.

use std::fmt;
use std::hash::Hasher;
use std::sync::RwLock;

/// `head` when the whole ARN is in `text`, followed by the name.
const NO_HEAD: u32 = u32::MAX;

/// The heads seen by this process: one per account, region and partition,
/// so a handful. Kept for the life of the process.
static HEADS: RwLock<Vec<&'static str>> = RwLock::new(Vec::new());

#[derive(Clone, PartialEq, Eq, Hash)]
pub struct SecretId {
    /// The ARN after its head (the name first), or, with `NO_HEAD`, the
    /// whole ARN followed by the name.
    text: Box<str>,
    head: u32,
    name_len: u32,
}

impl Default for SecretId {
    fn default() -> Self {
        SecretId {
            text: Box::default(),
            head: NO_HEAD,
            name_len: 0,
        }
    }
}

impl SecretId {
    pub fn new(name: &str, arn: &str) -> SecretId {
        let split = arn
            .find(":secret:")
            .map(|at| at + ":secret:".len())
            .filter(|&start| arn[start..].starts_with(name));
        match split {
            Some(start) if arn.len() < NO_HEAD as usize => SecretId {
                text: arn[start..].into(),
                head: head_index(&arn[..start]),
                name_len: name.len() as u32,
            },
            _ => SecretId {
                text: format!("{arn}{name}").into(),
                head: NO_HEAD,
                name_len: name.len() as u32,
            },
        }
    }

    pub fn name(&self) -> &str {
        if self.head == NO_HEAD {
            &self.text[self.text.len() - self.name_len as usize..]
        } else {
            &self.text[..self.name_len as usize]
        }
    }

    pub fn arn(&self) -> Arn<'_> {
        if self.head == NO_HEAD {
            Arn {
                head: "",
                rest: &self.text[..self.text.len() - self.name_len as usize],
            }
        } else {
            let heads = HEADS.read().unwrap_or_else(|e| e.into_inner());
            Arn {
                head: heads[self.head as usize],
                rest: &self.text,
            }
        }
    }
}

/// The index of `head` in the table, added if new.
fn head_index(head: &str) -> u32 {
    let known = |heads: &[&str]| heads.iter().position(|h| *h == head);
    if let Some(at) = known(&HEADS.read().unwrap_or_else(|e| e.into_inner())) {
        return at as u32;
    }
    let mut heads = HEADS.write().unwrap_or_else(|e| e.into_inner());
    if let Some(at) = known(&heads) {
        return at as u32;
    }
    heads.push(Box::leak(head.into()));
    (heads.len() - 1) as u32
}

/// A secret's ARN, read in two pieces: compare it, print it, or make a
/// `String` of it (`to_string`) where an owned one is needed.
#[derive(Clone, Copy)]
pub struct Arn<'a> {
    head: &'static str,
    rest: &'a str,
}

impl<'a> From<&'a str> for Arn<'a> {
    fn from(arn: &'a str) -> Arn<'a> {
        Arn {
            head: "",
            rest: arn,
        }
    }
}

impl<'a> From<&'a String> for Arn<'a> {
    fn from(arn: &'a String) -> Arn<'a> {
        Arn::from(arn.as_str())
    }
}

impl Arn<'_> {
    pub fn len(&self) -> usize {
        self.head.len() + self.rest.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn bytes(&self) -> impl Iterator<Item = u8> + '_ {
        self.head.bytes().chain(self.rest.bytes())
    }

    /// Feeds the ARN's bytes to `state`, as one `write` of the whole text
    /// would: hashers of the standard library are streaming.
    pub fn write_to(&self, state: &mut impl Hasher) {
        state.write(self.head.as_bytes());
        state.write(self.rest.as_bytes());
    }
}

impl PartialEq<str> for Arn<'_> {
    fn eq(&self, other: &str) -> bool {
        other.len() == self.len()
            && other.as_bytes()[..self.head.len()] == *self.head.as_bytes()
            && other.as_bytes()[self.head.len()..] == *self.rest.as_bytes()
    }
}

impl PartialEq<&str> for Arn<'_> {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

impl PartialEq<String> for Arn<'_> {
    fn eq(&self, other: &String) -> bool {
        *self == **other
    }
}

impl PartialEq<Arn<'_>> for str {
    fn eq(&self, other: &Arn<'_>) -> bool {
        *other == *self
    }
}

impl PartialEq<Arn<'_>> for &str {
    fn eq(&self, other: &Arn<'_>) -> bool {
        *other == **self
    }
}

impl PartialEq<Arn<'_>> for String {
    fn eq(&self, other: &Arn<'_>) -> bool {
        *other == **self
    }
}

impl PartialEq for Arn<'_> {
    fn eq(&self, other: &Arn<'_>) -> bool {
        self.len() == other.len() && self.bytes().eq(other.bytes())
    }
}

impl fmt::Display for Arn<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.head)?;
        f.write_str(self.rest)
    }
}

impl fmt::Debug for Arn<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.to_string(), f)
    }
}

impl serde::Serialize for Arn<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl fmt::Debug for SecretId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretId")
            .field("name", &self.name())
            .field("arn", &self.arn())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use std::hash::BuildHasher;

    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// Name and ARN read back exactly, whether or not the ARN holds
        /// the name.
        #[test]
        fn reads_back_what_it_was_given(name in "[a-zA-Z0-9/_+=.@-]{0,40}", arn in ".{0,60}", suffix in "-[a-zA-Z0-9]{6}", region in "(us-east-1|eu-west-1)") {
            let id = SecretId::new(&name, &arn);
            prop_assert_eq!(id.name(), name.as_str());
            prop_assert_eq!(id.arn().to_string(), arn.clone());
            prop_assert!(id.arn() == arn);
            let real = format!("arn:aws:secretsmanager:{region}:123456789012:secret:{name}{suffix}");
            let id = SecretId::new(&name, &real);
            prop_assert_eq!(id.name(), name.as_str());
            prop_assert_eq!(id.arn().to_string(), real.clone());
            prop_assert!(id.arn() == real);
            prop_assert!(id.arn() != arn || arn == real);
        }

        /// Hashing the two pieces equals hashing the whole text.
        #[test]
        fn hashes_as_its_whole_text(name in "[a-z/]{0,20}") {
            let arn = format!("arn:aws:secretsmanager:us-east-1:123456789012:secret:{name}-AbC123");
            let id = SecretId::new(&name, &arn);
            let keys = std::hash::RandomState::new();
            let mut pieces = keys.build_hasher();
            id.arn().write_to(&mut pieces);
            let mut whole = keys.build_hasher();
            whole.write(arn.as_bytes());
            prop_assert_eq!(pieces.finish(), whole.finish());
        }
    }

    #[test]
    fn a_real_arn_keeps_only_its_name_and_suffix() {
        let arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/prod/db-AbC123";
        let id = SecretId::new("shop/prod/db", arn);
        assert_eq!(&*id.text, "shop/prod/db-AbC123");
        assert_eq!(id.name(), "shop/prod/db");
        assert_eq!(id.arn().to_string(), arn);
        let other = SecretId::new("shop/prod/db", &arn.replace("us-east-1", "eu-west-1"));
        assert_ne!(id.head, other.head, "each region has its own head");
        assert!(id.arn() != other.arn());
        assert_eq!(std::mem::size_of::<SecretId>(), 24);
    }
}
