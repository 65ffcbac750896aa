//! The engine against `regress`, an ECMAScript engine nobody here wrote: on hand-picked cases,
//! then on strings drawn from every pattern of every model.

use crate::parse::{self, Node};
use crate::Regex;
use std::collections::BTreeSet;
use std::path::Path;

/// What regress says of `text`, reading `source` in the mode this crate picked.
fn regress_says(source: &str, unicode: bool, text: &str) -> bool {
    let flags = if unicode { "u" } else { "" };
    let regex = regress::Regex::with_flags(source, flags).unwrap();
    regex.find(text).is_some()
}

/// Each case, `(pattern, text, whether it matches)`, as this crate and regress answer it,
/// with the pattern read in Unicode mode or (`unicode` false) only with Annex B's syntax.
fn check(cases: &[(&str, &str, bool)], unicode: bool) {
    for (source, text, expected) in cases {
        let regex = Regex::new(source).unwrap_or_else(|error| panic!("{source}: {error}"));
        assert_eq!(regex.is_unicode(), unicode, "{source}");
        let in_unicode = regress::Regex::with_flags(source, "u").is_ok();
        assert_eq!(in_unicode, unicode, "regress's mode: {source}");
        assert_eq!(
            regress_says(source, unicode, text),
            *expected,
            "regress disagrees with the case: {source} on {text:?}"
        );
        assert_eq!(regex.is_match(text), *expected, "{source} on {text:?}");
    }
}

#[test]
fn matches_as_ecmascript_does() {
    let cases: &[(&str, &str, bool)] = &[
        // Not anchored: a match anywhere is enough.
        (r"\S", "  x ", true),
        (r"\S", "   ", false),
        (r"b+", "aabbc", true),
        // Anchors, and `$` only at the very end (no `m` flag).
        (r"^ab$", "ab", true),
        (r"^ab$", "ab\n", false),
        (r"^$|^x$", "", true),
        // Lookaheads, at the start as the models use them, and positive ones.
        (r"^(?!aws:)[a-z:]+$", "aws:x", false),
        (r"^(?!aws:)[a-z:]+$", "awsx:", true),
        (r"^(?=.*[a-z])(?=.*\d)\w{3}$", "a1_", true),
        (r"^(?=.*[a-z])(?=.*\d)\w{3}$", "ab_", false),
        (r"^(?!\.$)(?!\.\.$)[^/]+$", "..", false),
        (r"^(?!\.$)(?!\.\.$)[^/]+$", "...", true),
        // Unicode categories and their negations, in and out of classes.
        (r"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$", "Équipe 7 ٣", true),
        (r"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$", "a\tb", false),
        (r"^[\P{C}\r\n\t]{1,127}$", "ligne 1\nligne 2 ✓", true),
        (r"^[\P{C}\r\n\t]{1,127}$", "bell\u{7}", false),
        (r"^\P{C}*$", "\u{378}", false),
        (r"^\p{M}$", "\u{301}", true),
        (r"^\p{ASCII}{0,3}$", "abc", true),
        (r"^\p{ASCII}{0,3}$", "abcd", false),
        // `\d`, `\w` are ASCII; `\s` is ECMAScript's, with U+FEFF and without U+0085.
        (r"^\d{2}$", "٢٠", false),
        (r"^\w$", "é", false),
        (r"^\s$", "\u{feff}", true),
        (r"^\s$", "\u{85}", false),
        // `.` is anything but a line terminator; `[^]`-like classes take the rest.
        (r"^.$", "\u{2028}", false),
        (r"^.$", "😀", true),
        (r"^[^:]+$", "😀é", true),
        // Ranges, including `+-=` (from `+` to `=`) and escapes in classes.
        (r"^[+-=]+$", ",./0<", true),
        (r"^[+-=]+$", "a", false),
        (r"^[\w\-$]+$", "a-$", true),
        (r"^[a-]+$", "-a", true),
        // Quantifiers: counted, lazy, on groups, nested.
        (r"^(?:-[a-f]{2}){3}$", "-ab-cd-ef", true),
        (r"^(?:-[a-f]{2}){3}$", "-ab-cd", false),
        (r"^a{2,}$", "a", false),
        (r"^[a-z-]*?:x$", "a-b:x", true),
        (r"^(:[A-Z]+){0,1}$", ":AB", true),
        (r"^(:[A-Z]+){0,1}$", ":AB:C", false),
        (r"^(?!d-)([\da-z]+)([-]*[\da-z])*$", "ab--c", true),
        (r"^(?!d-)([\da-z]+)([-]*[\da-z])*$", "ab-", false),
        (r"^(a|ab)(c|bcd)(d*)$", "abcd", true),
        // Escapes.
        (r"^\x41\u0042\u{43}\t$", "ABC\t", true),
        (r"^\uD83D\uDE00$", "😀", true),
        (r"^a\/b\.c$", "a/b.c", true),
    ];
    check(cases, true);
}

#[test]
fn annex_b_is_read_where_unicode_mode_refuses() {
    let cases: &[(&str, &str, bool)] = &[
        // `\_` and `\-` outside a class are escapes of Annex B only.
        (r"^[a-zA-Z0-9\_\-:\/$]+$", "a_b-c:/$", true),
        (r"^[a-zA-Z0-9\_\-:\/$]+$", "a b", false),
        (r"^a\-b$", "a-b", true),
        // A `{` that starts no quantifier is a character there, as are `]` and `}`.
        (r"^a{b}]$", "a{b}]", true),
        (r"^x{1,$", "x{1,", true),
        // `\p` without Unicode mode is the letter `p`: `\p{2}` is `pp`.
        (r"^\p{2}$", "pp", true),
        (r"^\p{2}$", "p{2}", false),
        // `\u` and `\x` without their digits are letters.
        (r"^\u\x$", "ux", true),
        // `[\w-x]` holds `\w`, `-` and `x`.
        (r"^[\w-%]+$", "a-%", true),
    ];
    check(cases, false);
}

#[test]
fn refuses_what_it_does_not_read_and_says_so() {
    let cases: &[(&str, &str)] = &[
        (r"^(a)\1$", "backreferences are not supported"),
        (r"(?<=a)b", "lookbehind is not supported"),
        (r"\bword\b", "word boundaries"),
        (r"^\p{Lu}$", "the Unicode property `Lu` is not supported"),
        (
            r"^\p{Script=Latin}$",
            "the Unicode property `Script=Latin` is not supported",
        ),
        (r"^(?!a)*$", "a lookahead cannot be repeated"),
        (r"^(ab$", "`(` without a `)`"),
        (r"^ab)$", "`)` without a `(`"),
        (r"^[ab$", "`[` without a `]`"),
        (r"^*a$", "nothing to repeat"),
        (r"^a{3,2}$", "out of order"),
        (r"^[z-a]$", "out of order"),
        (r"^\uD800$", "lone surrogate"),
        (r"^(?:a{1,2}){0,100000}$", "the pattern is too large"),
    ];
    for (source, expected) in cases {
        match Regex::new(source) {
            Ok(_) => panic!("{source} was read"),
            Err(error) => assert!(error.to_string().contains(expected), "{source}: {error}"),
        }
    }
}

#[test]
fn search_time_is_bounded_whatever_the_pattern() {
    // Exponential for a backtracking engine without memory of the states it tried.
    let regex = Regex::new(r"^(?!d-)([\da-zA-Z]+)([-]*[\da-zA-Z])*$").unwrap();
    let mut text = "a".repeat(20_000);
    assert!(regex.is_match(&text));
    text.push('!');
    assert!(!regex.is_match(&text));
    assert!(!Regex::new(r"^([a-z]+)*$").unwrap().is_match(&text));
}

#[test]
fn long_strings_need_no_deep_stack() {
    let ascii = Regex::new(r"^\p{ASCII}{0,8192}$").unwrap();
    assert!(ascii.is_match(&"x".repeat(8192)));
    assert!(!ascii.is_match(&"x".repeat(8193)));
    // One loop iteration per two characters of a megabyte, on the search's own stack.
    let arn = Regex::new(r"^arn:[^:]+(?:/[^:]+)*$").unwrap();
    let text = format!("arn:x{}", "/y".repeat(500_000));
    assert!(arn.is_match(&text));
    assert!(!arn.is_match(&format!("{text}:")));
}

/// Every distinct `pattern` of the models in `../shared/models` and of this repository's
/// fixtures.
fn model_patterns() -> BTreeSet<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let shared = root.join("../shared/models");
    let mut files = vec![shared.join("connect.json")];
    for folder in [
        shared.join("family"),
        shared.join("credentials"),
        root.join("models/fixtures"),
    ] {
        let entries = std::fs::read_dir(&folder)
            .unwrap_or_else(|error| panic!("{}: {error}", folder.display()));
        for entry in entries {
            let path = entry.unwrap().path();
            if path
                .extension()
                .is_some_and(|extension| extension == "json")
            {
                files.push(path);
            }
        }
    }
    let mut patterns = BTreeSet::new();
    for file in &files {
        let model: serde_json::Value =
            serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
        let shapes = model["shapes"].as_object().unwrap();
        for shape in shapes.values() {
            let members = shape["members"]
                .as_object()
                .into_iter()
                .flat_map(|m| m.values());
            for traits in std::iter::once(shape).chain(members).map(|s| &s["traits"]) {
                if let Some(pattern) = traits["smithy.api#pattern"].as_str() {
                    patterns.insert(pattern.to_owned());
                }
            }
        }
    }
    patterns
}

#[test]
fn every_pattern_of_every_model_matches_as_regress_does() {
    let patterns = model_patterns();
    assert!(patterns.len() >= 150, "{} patterns", patterns.len());
    let mut compared = 0;
    for (index, source) in patterns.iter().enumerate() {
        let regex = Regex::new(source).unwrap_or_else(|error| panic!("{source}: {error}"));
        // The mode is regress's too: Unicode when it reads the pattern so.
        let in_unicode = regress::Regex::with_flags(source, "u").is_ok();
        assert_eq!(regex.is_unicode(), in_unicode, "{source}");
        let tree = parse::parse(source, regex.is_unicode()).unwrap();
        let mut random = Random(index as u64 + 1);
        for text in strings(&tree, &mut random) {
            assert_eq!(
                regex.is_match(&text),
                regress_says(source, regex.is_unicode(), &text),
                "{source} on {text:?}"
            );
            compared += 1;
        }
    }
    assert!(compared > 100_000, "{compared} strings compared");
}

/// Characters the strings are made of: ASCII, and one or more of each general category.
fn alphabet() -> Vec<char> {
    let mut chars: Vec<char> = ('\0'..='\u{7f}').collect();
    chars.extend(
        "éßΣǅʰ中٣²Ⅻ\u{300}\u{903}\u{20dd}\u{a0}\u{1680}\u{3000}\u{2028}\u{2029}\u{85}\
                  \u{200b}\u{feff}\u{e000}\u{378}\u{10ffff}😀𝒜\u{1f3fb}"
            .chars(),
    );
    chars
}

/// Strings drawn from the pattern's tree (most of them matching, lookaheads aside), each also
/// with one character removed, added or changed, or cut short.
fn strings(tree: &[Vec<Node>], random: &mut Random) -> Vec<String> {
    let alphabet = alphabet();
    let mut strings = vec![String::new()];
    for _ in 0..150 {
        let mut text = String::new();
        draw(tree, &alphabet, random, &mut text);
        let chars: Vec<char> = text.chars().collect();
        let at = random.below(chars.len() + 1);
        let other = alphabet[random.below(alphabet.len())];
        let edit = |f: &dyn Fn(&mut Vec<char>)| {
            let mut chars = chars.clone();
            f(&mut chars);
            chars.into_iter().collect::<String>()
        };
        strings.push(edit(&|chars| chars.insert(at, other)));
        if at < chars.len() {
            strings.push(edit(&|chars| {
                chars.remove(at);
            }));
            strings.push(edit(&|chars| chars[at] = other));
            strings.push(edit(&|chars| chars.truncate(at)));
        }
        strings.push(text);
    }
    strings
}

fn draw(alternatives: &[Vec<Node>], alphabet: &[char], random: &mut Random, out: &mut String) {
    let sequence = &alternatives[random.below(alternatives.len())];
    for node in sequence {
        match node {
            Node::Start | Node::End | Node::Look { .. } => {}
            Node::Char(c) => out.push(*c),
            Node::Class(class) => {
                let members: Vec<char> = alphabet
                    .iter()
                    .copied()
                    .filter(|c| class.contains(*c))
                    .collect();
                let pool = if members.is_empty() {
                    alphabet
                } else {
                    &members
                };
                out.push(pool[random.below(pool.len())]);
            }
            Node::Repeat { item, min, max } => {
                let spare = max.map_or(3, |max| (max - min).min(3)) as usize;
                for _ in 0..*min as usize + random.below(spare + 1) {
                    draw(&[vec![(**item).clone()]], alphabet, random, out);
                }
            }
            Node::Group(alternatives) => draw(alternatives, alphabet, random, out),
        }
    }
}

/// SplitMix64: reproducible draws without a dependency.
struct Random(u64);

impl Random {
    fn below(&mut self, bound: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) % bound.max(1) as u64) as usize
    }
}

#[test]
fn random_patterns_are_read_and_matched_as_regress_does() {
    let syntax: Vec<char> = r"^$\.*+?()[]{}|-,:!=<>abcAZ019dDwWsSpPuLxk_é "
        .chars()
        .collect();
    let texts = [
        "", "a", "ab", "abc", "b-c", "A1_", "é", "x{1}", "(a)", "a b", "\n", "a\\b",
    ];
    let mut random = Random(7);
    let mut read = 0;
    for _ in 0..100_000 {
        let length = 1 + random.below(10);
        let source: String = (0..length)
            .map(|_| syntax[random.below(syntax.len())])
            .collect();
        // Never a panic, whatever the text; a refusal only of what regress refuses too, or of
        // what this crate says it does not support.
        let regex = match Regex::new(&source) {
            Ok(regex) => regex,
            Err(error) if error.is_unsupported() => continue,
            Err(error) => {
                for flags in ["u", ""] {
                    let theirs = regress::Regex::with_flags(&source, flags);
                    assert!(
                        theirs.is_err(),
                        "{source:?} ({flags:?}) read by regress: {error}"
                    );
                }
                continue;
            }
        };
        let flags = if regex.is_unicode() { "u" } else { "" };
        let theirs = regress::Regex::with_flags(&source, flags)
            .unwrap_or_else(|error| panic!("{source:?} read here, not by regress: {error}"));
        for text in texts {
            assert_eq!(
                regex.is_match(text),
                theirs.find(text).is_some(),
                "{source:?} on {text:?}"
            );
        }
        read += 1;
    }
    assert!(read > 10_000, "{read} patterns read");
}
