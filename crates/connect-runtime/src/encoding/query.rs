//! Query strings: the URI's literal query, `@httpQuery` members and `@httpQueryParams` maps.

use super::label::UNRESERVED;
use percent_encoding::utf8_percent_encode;

/// Builds a request's query string parameter by parameter; names and values are
/// percent-encoded except for RFC 3986's unreserved characters, as the AWS SDKs encode them.
#[derive(Debug, Default)]
pub struct QueryWriter {
    query: String,
    /// The names `@httpQuery` members wrote: an `@httpQueryParams` entry of the same name is
    /// left out, as Smithy says the named member takes precedence.
    named: Vec<&'static str>,
}

impl QueryWriter {
    /// An empty query.
    pub fn new() -> Self {
        Self::default()
    }

    /// A query that starts with the literal query of the operation's URI (`?list` in
    /// `/things?list`), written as the model spells it.
    pub fn with_literal(literal: &'static str) -> Self {
        let mut query = String::with_capacity(literal.len() + 1);
        if !literal.is_empty() {
            query.push('?');
            query.push_str(literal);
        }
        Self {
            query,
            named: Vec::new(),
        }
    }

    /// Appends `name=value` for an `@httpQuery` member.
    pub fn push(&mut self, name: &'static str, value: &str) {
        if !self.named.contains(&name) {
            self.named.push(name);
        }
        self.append(name, value);
    }

    /// Appends `name=value` for an entry of an `@httpQueryParams` map, unless an `@httpQuery`
    /// member already wrote a parameter called `name`.
    pub fn push_param(&mut self, name: &str, value: &str) {
        if !self.named.contains(&name) {
            self.append(name, value);
        }
    }

    fn append(&mut self, name: &str, value: &str) {
        self.query
            .push(if self.query.is_empty() { '?' } else { '&' });
        self.query.extend(utf8_percent_encode(name, UNRESERVED));
        self.query.push('=');
        self.query.extend(utf8_percent_encode(value, UNRESERVED));
    }

    /// Appends the query (with its leading `?`, nothing when empty) to `path`.
    pub fn finish(self, path: &mut String) {
        path.push_str(&self.query);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_joined_and_encoded() {
        let mut query = QueryWriter::new();
        query.push("maxResults", "10");
        query.push("nextToken", "a+b/c= d&e");
        query.push("types", "");
        let mut path = String::from("/users");
        query.finish(&mut path);
        assert_eq!(
            path,
            "/users?maxResults=10&nextToken=a%2Bb%2Fc%3D%20d%26e&types="
        );
    }

    #[test]
    fn literal_query_comes_first_and_named_members_win_over_params() {
        let mut query = QueryWriter::with_literal("list&type=a");
        query.push("Name", "n");
        query.push_param("Name", "other");
        query.push_param("extra", "x y");
        let mut path = String::from("/things");
        query.finish(&mut path);
        assert_eq!(path, "/things?list&type=a&Name=n&extra=x%20y");
    }

    #[test]
    fn an_empty_query_adds_nothing() {
        let mut path = String::from("/users");
        QueryWriter::new().finish(&mut path);
        assert_eq!(path, "/users");
    }
}
