//! Splitting the secret namespace for a parallel listing.
//!
//! ListSecrets pages are chained (each needs the previous page's token),
//! so one listing of N secrets takes N/100 round trips. Its `name` filter
//! is a case-sensitive prefix match, and several values in one filter are
//! ORed — so disjoint sets of prefixes can be listed side by side.
//!
//! A partition is up to ten prefixes (one filter). The root is the 69
//! characters a name may start with, in groups of ten. A group that has a
//! second page is split into its single prefixes; a single prefix that
//! keeps paging is split one level deeper — straight down to the longest
//! prefix its names share, with the siblings at every level on the way
//! grouped again, so that `prod/svc-…` everywhere costs a handful of
//! calls, not one level per character. A name equal to a prefix that is
//! split is no longer matched by any child: those are looked up by name.
//!
//! The planner is pure; `aws::listing` runs it.

/// Every character a secret name may hold, in byte order.
pub const NAME_CHARS: &[u8] =
    b"+-./0123456789=@ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

/// Values one ListSecrets filter takes.
pub const VALUES_PER_FILTER: usize = 10;

/// Pages a single prefix may take before it is split (a few pages are
/// cheaper to follow than a split is to make).
pub const SPLIT_AFTER_PAGES: usize = 4;

/// Names a partition keeps from its pages to decide its split.
pub const SAMPLE: usize = 300;

/// One ListSecrets `name` filter: names starting with any of the prefixes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Partition {
    pub prefixes: Vec<String>,
}

impl Partition {
    pub fn matches(&self, name: &str) -> bool {
        self.prefixes.iter().any(|p| name.starts_with(p.as_str()))
    }

    /// Should it be split, after `pages` pages with more to come, while
    /// `open` partitions are being listed by `concurrency` requests? A
    /// group is split at once (its prefixes are cheap to list apart); a
    /// single prefix only once it has proved long and there are not
    /// enough other chains to keep every request busy — a split costs
    /// calls, mostly empty ones, and only pays when it adds parallelism.
    pub fn should_split(&self, pages: usize, open: usize, concurrency: usize) -> bool {
        if self.prefixes.len() > 1 {
            pages >= 1
        } else {
            pages >= SPLIT_AFTER_PAGES
                && open < concurrency
                && self.prefixes[0].len() < crate::domain::rules::MAX_NAME_LEN
        }
    }
}

impl Split {
    /// Is the split worth its calls? Its calls (mostly on empty prefixes)
    /// take about calls ÷ concurrency round trips; a prefix that has
    /// taken `pages` pages is guessed to have as many still to come.
    pub fn pays_off(&self, pages: usize, concurrency: usize) -> bool {
        let calls = self.children.len() + self.exact.len();
        calls.div_ceil(concurrency.max(1)) <= pages
    }
}

/// What replaces a split partition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    pub children: Vec<Partition>,
    /// Names equal to a prefix that was split: to be looked up one by one.
    pub exact: Vec<String>,
}

/// The first partitions: every first character, ten to a filter — or,
/// when the first page's names all share a prefix (a namespace with
/// everything under `prod/`), straight down to it, as a split would go.
pub fn root(first_page: &[&str]) -> Split {
    split(
        &Partition {
            prefixes: vec![String::new()],
        },
        first_page,
    )
}

/// Split `partition`, guided by the names its pages returned so far.
pub fn split(partition: &Partition, seen: &[&str]) -> Split {
    if partition.prefixes.len() > 1 {
        return Split {
            children: partition
                .prefixes
                .iter()
                .map(|p| Partition {
                    prefixes: vec![p.clone()],
                })
                .collect(),
            exact: Vec::new(),
        };
    }
    let prefix = &partition.prefixes[0];
    let shared = common_prefix(prefix, seen);
    let mut children = Vec::new();
    // The empty prefix is no name.
    let mut exact: Vec<String> = (!prefix.is_empty())
        .then(|| prefix.clone())
        .into_iter()
        .collect();
    // From the prefix down to what every name seen shares: the siblings
    // off the path at each level, then everything under the deepest one.
    for depth in prefix.len()..shared.len() {
        let on_path = shared.as_bytes()[depth];
        children.extend(groups(&shared[..depth], Some(on_path)));
        exact.push(shared[..=depth].to_string());
    }
    children.extend(groups(&shared, None));
    Split { children, exact }
}

/// The longest prefix (at least `prefix`) shared by every name in `seen`
/// that starts with `prefix`; cut to name characters.
fn common_prefix(prefix: &str, seen: &[&str]) -> String {
    let mut names = seen.iter().filter(|n| n.starts_with(prefix));
    let Some(first) = names.next() else {
        return prefix.to_string();
    };
    let mut len = first.len();
    for name in names {
        len = first
            .bytes()
            .zip(name.bytes())
            .take(len)
            .take_while(|(a, b)| a == b)
            .count();
    }
    let shared = &first.as_bytes()[..len];
    let valid = shared
        .iter()
        .take_while(|b| NAME_CHARS.contains(b))
        .count()
        .max(prefix.len());
    String::from_utf8_lossy(&shared[..valid.min(shared.len())]).into_owned()
}

/// `base` + each name character (but `except`), ten to a partition.
fn groups(base: &str, except: Option<u8>) -> Vec<Partition> {
    let chars: Vec<u8> = NAME_CHARS
        .iter()
        .copied()
        .filter(|c| Some(*c) != except)
        .collect();
    chars
        .chunks(VALUES_PER_FILTER)
        .map(|chunk| Partition {
            prefixes: chunk
                .iter()
                .map(|c| format!("{base}{}", *c as char))
                .collect(),
        })
        .collect()
}

#[cfg(test)]
#[path = "partition_tests.rs"]
mod tests;
