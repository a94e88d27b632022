//! The filter's fast path. For a query of plain ASCII words (no `^`, `'`,
//! `!`, `$` or `\` syntax), a name matches nucleo's fuzzy pattern exactly
//! when every word is a subsequence of it — case-insensitive for a
//! lowercase word, case-sensitive for one with a capital (nucleo's smart
//! case). Checking that is a byte scan, several times cheaper than
//! scoring; scores are not needed to decide a hit, and highlight positions
//! still come from nucleo for the rows on screen.

pub struct Words {
    words: Vec<Word>,
}

struct Word {
    bytes: Vec<u8>,
    case_sensitive: bool,
}

impl Words {
    /// None when the query uses syntax or characters this path does not
    /// cover (nucleo then decides).
    pub fn parse(query: &str) -> Option<Words> {
        if !query.is_ascii() || query.contains(['^', '\'', '!', '$', '\\']) {
            return None;
        }
        let words: Vec<Word> = query
            .split_ascii_whitespace()
            .map(|w| Word {
                bytes: w.as_bytes().to_vec(),
                case_sensitive: w.bytes().any(|b| b.is_ascii_uppercase()),
            })
            .collect();
        (!words.is_empty()).then_some(Words { words })
    }

    pub fn matches(&self, name: &str) -> bool {
        let name = name.as_bytes();
        self.words.iter().all(|w| w.within(name))
    }
}

impl Word {
    fn within(&self, name: &[u8]) -> bool {
        let mut want = self.bytes.iter();
        let Some(mut next) = want.next() else {
            return true;
        };
        for &b in name {
            let b = if self.case_sensitive {
                b
            } else {
                b.to_ascii_lowercase()
            };
            if b == *next {
                match want.next() {
                    Some(n) => next = n,
                    None => return true,
                }
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
    use nucleo_matcher::{Config, Matcher, Utf32Str};
    use proptest::prelude::*;

    use super::Words;

    fn nucleo(query: &str, name: &str) -> bool {
        let pattern = Pattern::parse(query, CaseMatching::Smart, Normalization::Smart);
        let mut matcher = Matcher::new(Config::DEFAULT.match_paths());
        let mut buf = Vec::new();
        pattern
            .score(Utf32Str::new(name, &mut buf), &mut matcher)
            .is_some()
    }

    #[test]
    fn syntax_is_left_to_nucleo() {
        for q in ["^prod", "'exact", "!neg", "end$", "a\\ b", "prodé"] {
            assert!(Words::parse(q).is_none(), "{q}");
        }
        assert!(Words::parse("   ").is_none());
        assert!(Words::parse("gaa prod").is_some());
    }

    proptest! {
        /// The fast path says exactly what nucleo says.
        #[test]
        fn agrees_with_nucleo(
            name in "[a-zA-Z0-9/_+=.@-]{0,40}",
            query in "[a-zA-Z0-9/_+=.@ -]{1,8}",
        ) {
            if let Some(words) = Words::parse(&query) {
                prop_assert_eq!(words.matches(&name), nucleo(&query, &name), "{:?} in {:?}", query, name);
            }
        }

        /// Queries made from the name's own characters, so that hits are
        /// common, not rare.
        #[test]
        fn agrees_with_nucleo_on_likely_hits(
            name in "[a-zA-Z0-9/_-]{1,40}",
            picks in proptest::collection::vec(0usize..40, 1..6),
            upper in any::<bool>(),
        ) {
            let chars: Vec<char> = name.chars().collect();
            let mut query: String = picks.iter().map(|&i| chars[i % chars.len()]).collect();
            if !upper {
                query = query.to_ascii_lowercase();
            }
            if let Some(words) = Words::parse(&query) {
                prop_assert_eq!(words.matches(&name), nucleo(&query, &name), "{:?} in {:?}", query, name);
            }
        }
    }
}
