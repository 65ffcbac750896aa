//! A partition's `regionRegex`, read into the pieces of `connect_runtime::endpoint::RegionPattern`:
//! the whole name matched by literals, groups of alternatives, `\w+` and `\d+`, one after the
//! other. That is all the partition table's regexes use; anything else is refused here, at
//! generation, rather than matched wrongly at run time.

use proc_macro2::TokenStream;
use quote::quote;

/// A piece of a region pattern.
#[derive(Debug, PartialEq)]
pub(super) enum Piece {
    /// One of these texts: a literal run, or a group `(a|b)`.
    OneOf(Vec<String>),
    /// `\w+`.
    Word,
    /// `\d+`.
    Digits,
}

/// The pieces of `regex`, or why it is outside the supported form.
pub(super) fn parse(regex: &str) -> Result<Vec<Piece>, String> {
    let body = regex
        .strip_prefix('^')
        .and_then(|rest| rest.strip_suffix('$'))
        .ok_or("it must be anchored at both ends (`^...$`)")?;
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(class @ ('w' | 'd')) => {
                    if chars.next() != Some('+') {
                        return Err(format!("`\\{class}` is supported only as `\\{class}+`"));
                    }
                    flush(&mut literal, &mut pieces);
                    pieces.push(if class == 'w' {
                        Piece::Word
                    } else {
                        Piece::Digits
                    });
                }
                next => literal.push(escaped(next)?),
            },
            '(' => {
                flush(&mut literal, &mut pieces);
                pieces.push(Piece::OneOf(group(&mut chars)?));
            }
            c if is_plain(c) => literal.push(c),
            c => return Err(format!("`{c}` is not supported")),
        }
    }
    flush(&mut literal, &mut pieces);
    Ok(pieces)
}

/// The alternatives of a group, after its `(`, through its `)`.
fn group(chars: &mut std::str::Chars) -> Result<Vec<String>, String> {
    let mut options = vec![String::new()];
    loop {
        let last = options.last_mut().expect("starts with one option");
        match chars.next() {
            Some(')') => break,
            Some('|') => options.push(String::new()),
            Some('\\') => last.push(escaped(chars.next())?),
            Some(c) if is_plain(c) => last.push(c),
            Some(c) => return Err(format!("`{c}` inside a group is not supported")),
            None => return Err("a group is not closed".into()),
        }
    }
    if options.iter().any(String::is_empty) {
        return Err("a group has an empty alternative".into());
    }
    Ok(options)
}

/// The character an escape stands for: only escaped punctuation is a literal.
fn escaped(next: Option<char>) -> Result<char, String> {
    match next {
        Some(c) if c.is_ascii_punctuation() => Ok(c),
        Some(c) => Err(format!("the escape `\\{c}` is not supported")),
        None => Err("the regex ends with `\\`".into()),
    }
}

/// Characters that stand for themselves without an escape.
fn is_plain(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

fn flush(literal: &mut String, pieces: &mut Vec<Piece>) {
    if !literal.is_empty() {
        pieces.push(Piece::OneOf(vec![std::mem::take(literal)]));
    }
}

/// `RegionPattern(&[...])`, with `RegionPattern` and `RegionPiece` in scope.
pub(super) fn tokens(pieces: &[Piece]) -> TokenStream {
    let pieces = pieces.iter().map(|piece| match piece {
        Piece::OneOf(options) => quote! { RegionPiece::OneOf(&[#(#options),*]) },
        Piece::Word => quote! { RegionPiece::Word },
        Piece::Digits => quote! { RegionPiece::Digits },
    });
    quote! { RegionPattern(&[#(#pieces),*]) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Piece {
        Piece::OneOf(vec![text.to_owned()])
    }

    #[test]
    fn reads_the_forms_of_the_partition_table() {
        assert_eq!(
            parse(r"^(us|eu|ap)\-\w+\-\d+$"),
            Ok(vec![
                Piece::OneOf(vec!["us".into(), "eu".into(), "ap".into()]),
                one("-"),
                Piece::Word,
                one("-"),
                Piece::Digits,
            ])
        );
        assert_eq!(
            parse(r"^eusc\-(de)\-\w+\-\d+$"),
            Ok(vec![
                one("eusc-"),
                Piece::OneOf(vec!["de".into()]),
                one("-"),
                Piece::Word,
                one("-"),
                Piece::Digits,
            ])
        );
    }

    #[test]
    fn refuses_what_it_cannot_match() {
        for (regex, problem) in [
            (r"us\-\w+", "anchored"),
            (r"^us\-\w+\-\d$", "`\\d+`"),
            (r"^us\-\w*$", "`\\w+`"),
            (r"^us\-east*$", "`*`"),
            (r"^us[a-z]+$", "`[`"),
            (r"^(us|eu)+$", "`+`"),
            (r"^(us|eu$", "not closed"),
            (r"^(us||eu)$", "empty alternative"),
            (r"^us\s$", "`\\s`"),
            (r"^us.east$", "`.`"),
        ] {
            let error = parse(regex).unwrap_err();
            assert!(error.contains(problem), "{regex}: {error}");
        }
    }
}
