//! The parser's fast path for plain facts and queries builds exactly the
//! syntax tree (spans included) and errors the grammar builds.

use proptest::prelude::*;
use regkb::source::FileId;
use regkb::syntax::{parse_program, parse_program_compact, parse_program_with_grammar_only};

/// Dates in and out of the calendar (`2024-02-30`, month 13, day 0).
fn date() -> impl Strategy<Value = String> {
    (prop_oneof![Just(2024u32), 0u32..10000], 0u32..14, 0u32..33)
        .prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
}

/// Decimals with a sign or not, up to twenty whole digits and eleven places
/// (more than an `i64` or nine places are the grammar's to report).
fn decimal() -> impl Strategy<Value = String> {
    (prop::bool::ANY, "[0-9]{1,20}", "[0-9]{1,11}")
        .prop_map(|(neg, whole, places)| format!("{}{whole}.{places}", if neg { "-" } else { "" }))
}

fn arg() -> impl Strategy<Value = String> {
    prop_oneof![
        (-1_000_000i64..1_000_000).prop_map(|i| i.to_string()),
        date(),
        decimal(),
        (-1_000_000i64..1_000_000, 0u32..1000).prop_map(|(i, f)| format!("{i}.{f}")),
        "[a-z][a-z0-9_]{0,6}",
        "[A-Z_][A-Za-z0-9_]{0,4}",
        "\"[ a-zA-Z0-9ØÆÅøæå,.()-]{0,8}\"",
        Just("99999999999999999999".to_string()),
        Just("1.5".to_string()),
        Just("2024-07-01".to_string()),
        Just("-2024-07-01".to_string()),
        Just("2024-7-1".to_string()),
        Just("2024-07-01x".to_string()),
        Just("9223372036854775808.0".to_string()),
        Just("-9223372036854775808.0".to_string()),
        Just("1.5e3".to_string()),
        Just("1.".to_string()),
        Just("\"a\\nb\"".to_string()),
        Just("not".to_string()),
        Just("\"a\\\"b\"".to_string()),
        Just("østradiol".to_string()),
        Just("X + 1".to_string()),
        Just("-".to_string()),
    ]
}

fn item() -> impl Strategy<Value = String> {
    (
        prop::bool::ANY,
        "[a-z][a-z0-9_]{0,6}|not|why|whynot",
        prop::collection::vec(arg(), 0..4),
        prop::bool::ANY,
        "[ \t]{0,2}",
        prop_oneof![
            Just(".\n"),
            Just("."),
            Just(". % note\n"),
            Just(".x"),
            Just("\n.\n"),
            Just(":- q.\n")
        ],
    )
        .prop_map(|(query, name, args, parens, space, end)| {
            let mut s = String::new();
            if query {
                s.push_str("?- ");
            }
            s.push_str(&name);
            if parens || !args.is_empty() {
                s.push('(');
                s.push_str(&args.join(&format!(",{space}")));
                s.push(')');
            }
            s.push_str(&space);
            s.push_str(end);
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn fast_path_matches_the_grammar(items in prop::collection::vec(item(), 1..6)) {
        let text = items.concat();
        let (fast, fast_errors) = parse_program(FileId(0), &text);
        let (slow, slow_errors) = parse_program_with_grammar_only(FileId(0), &text);
        prop_assert_eq!(format!("{fast:?}"), format!("{slow:?}"), "text: {:?}", text);
        prop_assert_eq!(&fast_errors, &slow_errors, "text: {:?}", text);
        // Kept compact and expanded again, the items are the same trees.
        let (mut compact, compact_errors) = parse_program_compact(FileId(0), text.as_str().into());
        compact.expand_plain();
        prop_assert_eq!(format!("{:?}", compact.items), format!("{:?}", slow.items), "text: {:?}", text);
        prop_assert_eq!(compact_errors, slow_errors, "text: {:?}", text);
    }
}
