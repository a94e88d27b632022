//! A secret's versions and their staging labels, as ListSecrets and
//! DescribeSecret report them (`SecretVersionsToStages`), kept small: the
//! console holds one of these for each of up to 100,000 secrets.
//!
//! Version ids are UUIDs in AWS; a canonical one (lowercase, 8-4-4-4-12)
//! is kept as its 16 bytes instead of 36 characters on the heap, and any
//! other id as text, so every id reads back exactly as AWS wrote it. The
//! three AWS labels are bits; custom labels are kept by name.

use std::cmp::Ordering;
use std::fmt;

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::small_map::sorted_last_wins;

/// The staging labels Secrets Manager itself moves.
pub const AWSCURRENT: &str = "AWSCURRENT";
pub const AWSPENDING: &str = "AWSPENDING";
pub const AWSPREVIOUS: &str = "AWSPREVIOUS";

#[derive(Clone, PartialEq, Eq, Hash)]
pub enum VersionId {
    Uuid([u8; 16]),
    Other(Box<str>),
}

impl VersionId {
    pub fn new(id: &str) -> VersionId {
        match parse_uuid(id) {
            Some(bytes) => VersionId::Uuid(bytes),
            None => VersionId::Other(id.into()),
        }
    }

    /// The id as AWS wrote it, without allocating.
    pub fn text(&self) -> IdText<'_> {
        match self {
            VersionId::Uuid(bytes) => IdText::Uuid(format_uuid(bytes)),
            VersionId::Other(text) => IdText::Other(text),
        }
    }

    pub fn is(&self, id: &str) -> bool {
        match self {
            VersionId::Uuid(bytes) => parse_uuid(id).as_ref() == Some(bytes),
            VersionId::Other(text) => &**text == id,
        }
    }
}

impl From<&str> for VersionId {
    fn from(id: &str) -> Self {
        VersionId::new(id)
    }
}

impl From<String> for VersionId {
    fn from(id: String) -> Self {
        VersionId::new(&id)
    }
}

impl fmt::Display for VersionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

impl fmt::Debug for VersionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.text(), f)
    }
}

/// Ordered as the text is, so the map's order does not depend on how an
/// id is stored (canonical UUIDs order the same as their bytes).
impl Ord for VersionId {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (VersionId::Uuid(a), VersionId::Uuid(b)) => a.cmp(b),
            _ => (*self.text()).cmp(&*other.text()),
        }
    }
}

impl PartialOrd for VersionId {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A version id's text, on the stack for a UUID.
pub enum IdText<'a> {
    Uuid([u8; 36]),
    Other(&'a str),
}

impl std::ops::Deref for IdText<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            // Built from ASCII hex digits and dashes only.
            IdText::Uuid(bytes) => std::str::from_utf8(bytes).unwrap_or_default(),
            IdText::Other(text) => text,
        }
    }
}

/// A canonical UUID's bytes: lowercase and hyphenated, so that the text
/// reads back exactly as AWS wrote it (`uuid` would also accept upper
/// case, braces or no hyphens, which would then come back changed).
fn parse_uuid(id: &str) -> Option<[u8; 16]> {
    let uuid = uuid::Uuid::try_parse(id).ok()?;
    (*uuid
        .hyphenated()
        .encode_lower(&mut uuid::Uuid::encode_buffer())
        == *id)
        .then(|| uuid.into_bytes())
}

fn format_uuid(bytes: &[u8; 16]) -> [u8; 36] {
    let mut text = [0u8; 36];
    uuid::Uuid::from_bytes(*bytes)
        .hyphenated()
        .encode_lower(&mut text);
    text
}

bitflags::bitflags! {
    /// The three labels Secrets Manager moves itself, one bit each.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    struct AwsLabels: u8 {
        const CURRENT = 1;
        const PREVIOUS = 2;
        const PENDING = 4;
    }
}

fn bit(label: &str) -> AwsLabels {
    match label {
        AWSCURRENT => AwsLabels::CURRENT,
        AWSPREVIOUS => AwsLabels::PREVIOUS,
        AWSPENDING => AwsLabels::PENDING,
        _ => AwsLabels::empty(),
    }
}

/// The staging labels on one version: 16 bytes.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Labels {
    aws: AwsLabels,
    /// Labels other than the three AWS ones, in the order given (boxed
    /// twice to keep a thin pointer: they are rare).
    custom: Option<Box<Box<[Box<str>]>>>,
}

impl Labels {
    /// AWS labels first (AWSCURRENT, AWSPREVIOUS, AWSPENDING), then the
    /// custom ones in their order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        [AWSCURRENT, AWSPREVIOUS, AWSPENDING]
            .into_iter()
            .filter(|l| self.aws.contains(bit(l)))
            .chain(self.custom.iter().flat_map(|c| c.iter().map(|l| &**l)))
    }

    pub fn contains(&self, label: &str) -> bool {
        match bit(label) {
            b if b.is_empty() => self
                .custom
                .as_ref()
                .is_some_and(|c| c.iter().any(|l| &**l == label)),
            b => self.aws.contains(b),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.aws.is_empty() && self.custom.is_none()
    }
}

impl<S: AsRef<str>> FromIterator<S> for Labels {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        let mut labels = Labels::default();
        let mut custom: Vec<Box<str>> = Vec::new();
        for label in iter {
            let label = label.as_ref();
            match bit(label) {
                b if !b.is_empty() => labels.aws |= b,
                _ if !custom.iter().any(|l| &**l == label) => custom.push(label.into()),
                _ => {}
            }
        }
        if !custom.is_empty() {
            labels.custom = Some(Box::new(custom.into_boxed_slice()));
        }
        labels
    }
}

impl<S: AsRef<str>> From<Vec<S>> for Labels {
    fn from(labels: Vec<S>) -> Self {
        labels.into_iter().collect()
    }
}

impl<S: AsRef<str>, const N: usize> From<[S; N]> for Labels {
    fn from(labels: [S; N]) -> Self {
        labels.into_iter().collect()
    }
}

impl<S: AsRef<str>> From<&[S]> for Labels {
    fn from(labels: &[S]) -> Self {
        labels.iter().collect()
    }
}

impl fmt::Debug for Labels {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for Labels {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// Version id -> staging labels, sorted by id.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Stages {
    entries: Box<[(VersionId, Labels)]>,
}

impl Stages {
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&VersionId, &Labels)> {
        self.entries.iter().map(|(id, labels)| (id, labels))
    }

    pub fn values(&self) -> impl Iterator<Item = &Labels> {
        self.entries.iter().map(|(_, labels)| labels)
    }

    pub fn get(&self, id: &str) -> Option<&Labels> {
        self.entries
            .iter()
            .find(|(v, _)| v.is(id))
            .map(|(_, labels)| labels)
    }

    pub fn contains(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    /// The version carrying `label`.
    pub fn with_label(&self, label: &str) -> Option<&VersionId> {
        self.entries
            .iter()
            .find(|(_, labels)| labels.contains(label))
            .map(|(id, _)| id)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Set a version's labels (replacing what it had).
    pub fn insert(&mut self, id: &str, labels: impl Into<Labels>) {
        let mut entries = std::mem::take(&mut self.entries).into_vec();
        entries.push((VersionId::new(id), labels.into()));
        *self = entries.into_iter().collect();
    }
}

impl<I: Into<VersionId>, L: Into<Labels>> FromIterator<(I, L)> for Stages {
    /// Later entries win over earlier ones with the same id.
    fn from_iter<T: IntoIterator<Item = (I, L)>>(iter: T) -> Self {
        let entries: Vec<(VersionId, Labels)> = iter
            .into_iter()
            .map(|(id, l)| (id.into(), l.into()))
            .collect();
        Stages {
            entries: sorted_last_wins(entries).into_boxed_slice(),
        }
    }
}

impl<I: Into<VersionId>, L: Into<Labels>, const N: usize> From<[(I, L); N]> for Stages {
    fn from(entries: [(I, L); N]) -> Self {
        entries.into_iter().collect()
    }
}

impl fmt::Debug for Stages {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Serialize for Stages {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (id, labels) in self.iter() {
            map.serialize_entry(&*id.text(), labels)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::*;

    fn id_text() -> impl Strategy<Value = String> {
        prop_oneof![
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
            "[0-9a-fA-F-]{30,40}",
            "[a-zA-Z0-9_-]{1,40}",
        ]
    }

    fn label() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(AWSCURRENT.to_string()),
            Just(AWSPREVIOUS.to_string()),
            Just(AWSPENDING.to_string()),
            "[a-z]{1,6}",
        ]
    }

    proptest! {
        /// Every id reads back exactly as given, and ids order as text.
        #[test]
        fn ids_read_back_as_written(a in id_text(), b in id_text()) {
            let (x, y) = (VersionId::new(&a), VersionId::new(&b));
            prop_assert_eq!(&*x.text(), a.as_str());
            prop_assert_eq!(x.to_string(), a.clone());
            prop_assert!(x.is(&a));
            prop_assert_eq!(x.is(&b), a == b);
            prop_assert_eq!(x.cmp(&y), a.cmp(&b));
            prop_assert_eq!(x == y, a == b);
        }

        /// Behaves as the map of label lists it replaces: same ids, same
        /// labels (as sets), same lookups.
        #[test]
        fn behaves_like_a_map_of_label_lists(
            entries in proptest::collection::vec((id_text(), proptest::collection::vec(label(), 0..4)), 0..5),
            probe in id_text(),
        ) {
            let stages: Stages = entries
                .iter()
                .map(|(id, labels)| (id.as_str(), labels.iter().collect::<Labels>()))
                .collect();
            let map: BTreeMap<&str, &Vec<String>> =
                entries.iter().map(|(id, labels)| (id.as_str(), labels)).collect();
            prop_assert_eq!(stages.len(), map.len());
            let ids: Vec<String> = stages.iter().map(|(id, _)| id.to_string()).collect();
            prop_assert_eq!(ids, map.keys().map(|k| k.to_string()).collect::<Vec<_>>());
            for (id, labels) in &map {
                let got = stages.get(id).unwrap();
                let mut want: Vec<&str> = labels.iter().map(String::as_str).collect();
                want.sort();
                want.dedup();
                let mut have: Vec<&str> = got.iter().collect();
                have.sort();
                prop_assert_eq!(have, want.clone());
                for l in labels.iter() {
                    prop_assert!(got.contains(l));
                }
                prop_assert_eq!(got.is_empty(), want.is_empty());
            }
            prop_assert_eq!(stages.get(&probe).is_some(), map.contains_key(probe.as_str()));
        }
    }

    #[test]
    fn small_enough_for_100_000_secrets() {
        assert_eq!(std::mem::size_of::<Labels>(), 16);
        assert_eq!(std::mem::size_of::<VersionId>(), 24);
    }

    #[test]
    fn aws_labels_come_first_then_custom_ones_in_order() {
        let labels: Labels = ["blue", AWSPENDING, "green", AWSCURRENT, "blue"]
            .into_iter()
            .collect();
        assert_eq!(
            labels.iter().collect::<Vec<_>>(),
            [AWSCURRENT, AWSPENDING, "blue", "green"]
        );
        assert!(labels.contains("green") && !labels.contains(AWSPREVIOUS));
    }

    #[test]
    fn a_canonical_uuid_is_kept_inline() {
        let id = "3f2a9c1e-0b7d-4e21-9a55-1c2d3e4f5a6b";
        assert!(matches!(VersionId::new(id), VersionId::Uuid(_)));
        assert!(matches!(
            VersionId::new(&id.to_uppercase()),
            VersionId::Other(_)
        ));
        let stages: Stages = [(id, [AWSCURRENT])].into_iter().collect();
        assert_eq!(
            serde_json::to_string(&stages).unwrap(),
            format!(r#"{{"{id}":["AWSCURRENT"]}}"#)
        );
        assert_eq!(stages.with_label(AWSCURRENT).unwrap().to_string(), id);
    }
}
