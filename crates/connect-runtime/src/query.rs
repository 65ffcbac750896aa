//! Query strings (`@httpQuery`).

use crate::label::UNRESERVED;
use percent_encoding::utf8_percent_encode;

/// Builds a request's query string parameter by parameter; names and values are
/// percent-encoded except for RFC 3986's unreserved characters, as the AWS SDKs encode them.
#[derive(Debug, Default)]
pub struct QueryWriter {
    query: String,
}

impl QueryWriter {
    /// An empty query.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends `name=value`.
    pub fn push(&mut self, name: &str, value: &str) {
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
    fn an_empty_query_adds_nothing() {
        let mut path = String::from("/users");
        QueryWriter::new().finish(&mut path);
        assert_eq!(path, "/users");
    }
}
