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

/// Columns count characters, not bytes.
#[test]
fn wide_characters_are_located_by_character_column() {
    let err = parse("A=1\nK=\"é€\"q\n").unwrap_err();
    assert_eq!((err.line, err.column), (Some(2), Some(7)), "{err:?}");
    let err = parse("A=1\n €=1\n").unwrap_err();
    assert_eq!((err.line, err.column), (Some(2), Some(2)), "{err:?}");
    let err = parse("A=1\nB=\"ok\"\nC='𐦜𑌃' x\n").unwrap_err();
    assert_eq!((err.line, err.column), (Some(3), Some(8)), "{err:?}");
}

#[test]
fn an_unclosed_quote_is_reported_where_it_opens() {
    let text = "A=1\nB=\"never closed hunter2\nC=3\n";
    let err = parse(text).unwrap_err();
    assert_eq!(err.line, Some(2));
    assert!(err.message.contains("never closed"), "{}", err.message);
    assert!(!err.to_string().contains("hunter2"));
}

fn expands(source: &Source, key: &str) -> Vec<(String, Origin)> {
    let entry = source.entries.iter().find(|e| e.key == key).expect(key);
    entry
        .expands
        .iter()
        .map(|e| (e.name.clone(), e.origin))
        .collect()
}

#[test]
fn variable_references_are_noted_with_their_origin() {
    let text =
        "HOST=db\nURL=postgres://${HOST}:5432/$DB_NAME\nLITERAL='$NOT_EXPANDED'\nESCAPED=a\\$b\n";
    let source = parse(text).unwrap();
    assert_eq!(
        expands(&source, "URL"),
        [
            ("HOST".to_string(), Origin::Line(1)),
            (
                "DB_NAME".to_string(),
                Origin::Undefined {
                    environment_consulted: false
                }
            )
        ]
    );
    assert_eq!(value(&source, "URL"), "postgres://db:5432/");
    assert!(expands(&source, "LITERAL").is_empty());
    assert!(expands(&source, "ESCAPED").is_empty());
    assert_eq!(value(&source, "LITERAL"), "$NOT_EXPANDED");
    assert_eq!(value(&source, "ESCAPED"), "a$b");
}

/// An untrusted file must not copy the operator's credentials into a
/// secret: without an environment, `${AWS_SECRET_ACCESS_KEY}` is
/// undefined even when the process has it.
#[test]
fn the_process_environment_is_used_only_when_given() {
    let text = "STOLEN=${AWS_SECRET_ACCESS_KEY}\nHOME_DIR=$HOME\n";
    let source = parse(text).unwrap();
    assert_eq!(value(&source, "STOLEN"), "");
    assert!(source.entries.iter().all(|e| e.expands[0].is_undefined()));

    let environment = |name: &str| {
        (name == "AWS_SECRET_ACCESS_KEY").then(|| zeroize::Zeroizing::new("from-env".to_string()))
    };
    let source = parse_with(text, Some(&environment)).unwrap();
    assert_eq!(value(&source, "STOLEN"), "from-env");
    assert_eq!(expands(&source, "STOLEN")[0].1, Origin::Environment);
    assert_eq!(
        expands(&source, "HOME_DIR")[0].1,
        Origin::Undefined {
            environment_consulted: true
        }
    );
}

/// The file's own earlier key wins over the environment.
#[test]
fn an_earlier_key_wins_over_the_environment() {
    let environment = |_: &str| Some(zeroize::Zeroizing::new("env".to_string()));
    let source = parse_with("USER=file\nURL=\"$USER@host\"\n", Some(&environment)).unwrap();
    assert_eq!(value(&source, "URL"), "file@host");
}

#[test]
fn names_are_the_longest_run_and_defaults_apply() {
    let text = "A=short\nA_B=long\nX=$A_B|${A}_B|${MISSING:-fallback}|${MISSING-dash}|$5|${1}\n\
                Q=\"quote $A\"\n";
    let source = parse(text).unwrap();
    assert_eq!(value(&source, "X"), "long|short_B|fallback|dash|$5|${1}");
    assert_eq!(value(&source, "Q"), "quote short");
}

#[test]
fn double_quotes_unescape_and_unquoted_values_keep_backslashes() {
    let text = "D=\"a\\\\b\\tc\\qd\\$e\"\nU=C:\\path\\$x\\n\n";
    let source = parse(text).unwrap();
    assert_eq!(value(&source, "D"), "a\\b\tc\\qd$e");
    assert_eq!(value(&source, "U"), "C:\\path$x\\n");
}

/// Old Mac files end lines with a lone CR: each line is its own key,
/// never one value holding the rest of the file.
#[test]
fn carriage_return_line_ends_separate_lines() {
    let source = parse("A=1\rB=two\r\nC='x'\r").unwrap();
    let keys: Vec<&str> = source.entries.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["A", "B", "C"]);
    assert_eq!(value(&source, "A"), "1");
    assert_eq!(value(&source, "B"), "two");
    assert_eq!(source.entries[2].line, Some(3));
}

#[test]
fn unquoted_values_with_blanks_and_comments() {
    let source = parse("A=two words # note\nB=x#not-a-comment\nC= # only a comment\n").unwrap();
    assert_eq!(value(&source, "A"), "two words");
    assert_eq!(value(&source, "B"), "x#not-a-comment");
    assert_eq!(value(&source, "C"), "");
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
                prop_assert!(entry.value.as_str().is_some());
            }
        }
    }
}
