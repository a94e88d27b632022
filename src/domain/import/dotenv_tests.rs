use super::*;

fn value(source: &Source, key: &str) -> String {
    let entry = source.entries.iter().find(|e| e.key == key).expect(key);
    entry.value.as_str().unwrap().to_string()
}

#[test]
fn reads_quotes_escapes_comments_and_export() {
    let text = "# the backend\n\
                export DATABASE_URL=postgres://app:pw@db:5432/app\n\
                JWT_SECRET='single $quoted \\n kept'\n\
                STRIPE_KEY=\"sk_test_\\\"x\\\"\\nline\"\n\
                PLAIN=value # a comment\n\
                SPACED = padded  \n\
                EMPTY=\n\
                \n";
    let source = parse(text).unwrap();
    let keys: Vec<&str> = source.entries.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "DATABASE_URL",
            "JWT_SECRET",
            "STRIPE_KEY",
            "PLAIN",
            "SPACED",
            "EMPTY"
        ]
    );
    assert_eq!(
        value(&source, "DATABASE_URL"),
        "postgres://app:pw@db:5432/app"
    );
    assert_eq!(value(&source, "JWT_SECRET"), "single $quoted \\n kept");
    assert_eq!(value(&source, "STRIPE_KEY"), "sk_test_\"x\"\nline");
    assert_eq!(value(&source, "PLAIN"), "value");
    assert_eq!(value(&source, "SPACED"), "padded");
    assert_eq!(value(&source, "EMPTY"), "");
    let lines: Vec<Option<usize>> = source.entries.iter().map(|e| e.line).collect();
    assert_eq!(
        lines,
        [Some(2), Some(3), Some(4), Some(5), Some(6), Some(7)]
    );
    assert!(source.duplicates.is_empty());
}

#[test]
fn multi_line_values_keep_their_newlines() {
    let text = "PRIVATE_KEY=\"-----BEGIN KEY-----\nAAAA=\nBBBB\n-----END KEY-----\"\nNEXT=1\n";
    let source = parse(text).unwrap();
    assert_eq!(
        value(&source, "PRIVATE_KEY"),
        "-----BEGIN KEY-----\nAAAA=\nBBBB\n-----END KEY-----"
    );
    let next = source.entries.iter().find(|e| e.key == "NEXT").unwrap();
    assert_eq!(next.line, Some(5));
}

#[test]
fn the_last_definition_wins_and_duplicates_are_flagged() {
    let text = "API_KEY=first\nOTHER=x\nAPI_KEY=second\n";
    let source = parse(text).unwrap();
    assert_eq!(source.entries.len(), 2);
    assert_eq!(value(&source, "API_KEY"), "second");
    assert_eq!(source.entries[0].line, Some(3));
    assert_eq!(source.duplicates["API_KEY"], vec![1, 3]);
}

#[test]
fn a_broken_line_names_its_number_and_never_its_text() {
    let text = "GOOD=1\n# fine\nthis-line-holds-hunter2 oops\nLATER=2\n";
    let err = parse(text).unwrap_err();
    assert_eq!(err.line, Some(3));
    let shown = err.to_string();
    assert!(shown.starts_with("line 3"), "{shown}");
    assert!(!shown.contains("hunter2"), "{shown}");
}

/// dotenvy counts a broken value's position in characters of the value
/// and a broken key's in bytes of the line; both become a character
/// column of the file, even where a byte offset falls inside a wide
/// character.
#[test]
fn wide_characters_are_located_by_character_column() {
    let err = parse("A=1\nK=é€\\q\n").unwrap_err();
    assert_eq!((err.line, err.column), (Some(2), Some(6)), "{err:?}");
    let err = parse("A=1\n €=1\n").unwrap_err();
    assert_eq!((err.line, err.column), (Some(2), Some(2)), "{err:?}");
    let err = parse("A=1\nB=\"ok\"\nC=𐦜𑌃 x\n").unwrap_err();
    assert_eq!((err.line, err.column), (Some(3), Some(6)), "{err:?}");
}

#[test]
fn an_unclosed_quote_is_reported_where_it_opens() {
    let text = "A=1\nB=\"never closed hunter2\nC=3\n";
    let err = parse(text).unwrap_err();
    assert_eq!(err.line, Some(2));
    assert!(err.message.contains("never closed"), "{}", err.message);
    assert!(!err.to_string().contains("hunter2"));
}

#[test]
fn variable_references_are_noted() {
    let text =
        "HOST=db\nURL=postgres://${HOST}:5432/$DB_NAME\nLITERAL='$NOT_EXPANDED'\nESCAPED=a\\$b\n";
    let source = parse(text).unwrap();
    let expands = |key: &str| {
        source
            .entries
            .iter()
            .find(|e| e.key == key)
            .unwrap()
            .expands
            .clone()
    };
    assert_eq!(expands("URL"), ["HOST", "DB_NAME"]);
    assert!(expands("LITERAL").is_empty());
    assert!(expands("ESCAPED").is_empty());
    assert_eq!(value(&source, "LITERAL"), "$NOT_EXPANDED");
}

#[test]
fn a_byte_order_mark_is_not_part_of_the_first_key() {
    let source = parse("\u{feff}FIRST=1\n").unwrap();
    assert_eq!(source.entries[0].key, "FIRST");
}

mod properties {
    use proptest::prelude::*;

    use super::parse;

    proptest! {
        /// Any text: an answer or a located error, never a panic, and an
        /// error never quotes the file.
        #[test]
        fn any_text_parses_or_fails_cleanly(text in "[A-Za-z0-9_=#'\" \\\\$.{}\n-]{0,200}") {
            if let Err(err) = parse(&text) {
                prop_assert!(err.line.is_none_or(|l| l >= 1 && l <= text.lines().count().max(1)));
                prop_assert!(!err.to_string().contains(&text) || text.len() < 3);
            }
        }

        /// Single-quoted values come back exactly, on the line they were
        /// written on, blank and comment lines in between.
        #[test]
        fn single_quoted_values_round_trip(
            values in proptest::collection::vec("[A-Za-z0-9 /+=:@$#{}\"-]{0,40}", 1..12),
            gaps in proptest::collection::vec(0usize..3, 12),
        ) {
            let mut text = String::new();
            let mut lines = Vec::new();
            for (i, value) in values.iter().enumerate() {
                for _ in 0..gaps[i] {
                    text.push_str("# a comment\n\n");
                }
                lines.push(text.lines().count() + 1);
                text.push_str(&format!("KEY_{i}='{value}'\n"));
            }
            let source = parse(&text).unwrap();
            prop_assert_eq!(source.entries.len(), values.len());
            for (i, entry) in source.entries.iter().enumerate() {
                prop_assert_eq!(entry.value.as_str(), Some(values[i].as_str()));
                prop_assert_eq!(entry.line, Some(lines[i]));
                prop_assert!(entry.expands.is_empty());
            }
        }
    }
}
