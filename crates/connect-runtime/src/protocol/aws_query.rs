//! awsQuery's error answers: an XML body
//! `<ErrorResponse><Error><Type/><Code/><Message/>...</Error><RequestId/></ErrorResponse>`; the
//! code is `Code` (an `@awsQueryError` code, or the error shape's name), the request id the
//! `x-amzn-RequestId` header, else the body's `RequestId`.

use super::ErrorBody;
use crate::error::ErrorMetadata;
use crate::operation::HttpResponse;
use crate::xml::{self, Element};

/// The error code and message of an error answer, with its `<Error>` element (an empty one
/// when the body is not an awsQuery error: the status still classifies it).
pub fn error_metadata(response: &HttpResponse) -> (ErrorMetadata, ErrorBody) {
    let root = xml::parse(response.body.bytes()).ok();
    // `<ErrorResponse><Error>`; some services wrap it once more (`<Errors><Error>`).
    let error = root.as_ref().and_then(|root| {
        root.child("Error").or_else(|| {
            root.child("Errors")
                .and_then(|errors| errors.child("Error"))
        })
    });
    let text = |element: Option<&Element>, name: &str| {
        element
            .and_then(|element| element.child(name))
            .map(|child| child.text().trim().to_owned())
            .filter(|text| !text.is_empty())
    };
    let request_id = response
        .request_id()
        .map(str::to_owned)
        .or_else(|| text(root.as_ref(), "RequestId"));
    let meta = ErrorMetadata::new(
        text(error, "Code"),
        error.and_then(xml::error_message),
        response.status,
        request_id,
    );
    let body = error.cloned().unwrap_or_else(|| Element::empty("Error"));
    (meta, ErrorBody::Xml(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
        HttpResponse {
            status,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: body.as_bytes().to_vec().into(),
        }
    }

    #[test]
    fn code_message_and_request_id_come_from_the_body() {
        let (meta, body) = error_metadata(&answer(
            400,
            &[],
            r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <Error><Type>Sender</Type><Code>InvalidIdentityToken</Code>
                <Message>No OpenIDConnect provider found</Message></Error>
              <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
            </ErrorResponse>"#,
        ));
        assert_eq!(meta.code(), Some("InvalidIdentityToken"));
        assert_eq!(meta.message(), Some("No OpenIDConnect provider found"));
        assert_eq!(
            meta.request_id(),
            Some("c6104cbe-af31-11e0-8154-cbc7ccf896c7")
        );
        assert_eq!(meta.status(), 400);
        let error = body.xml().unwrap();
        assert_eq!(error.name(), "Error");
        assert_eq!(error.child("Type").unwrap().text(), "Sender");
    }

    #[test]
    fn the_header_names_the_request_and_errors_may_be_wrapped() {
        let (meta, _) = error_metadata(&answer(
            503,
            &[("x-amzn-RequestId", "from-header")],
            "<Response><Errors><Error><Code>Throttling</Code><message>slow down</message>\
             </Error></Errors><RequestId>from-body</RequestId></Response>",
        ));
        assert_eq!(meta.code(), Some("Throttling"));
        assert_eq!(meta.message(), Some("slow down"));
        assert_eq!(meta.request_id(), Some("from-header"));
    }

    #[test]
    fn a_body_that_is_not_an_error_keeps_the_status() {
        for body in [
            "",
            "<html>oops",
            "{\"message\": \"json\"}",
            "<ErrorResponse/>",
        ] {
            let (meta, error) = error_metadata(&answer(500, &[], body));
            assert_eq!(
                (meta.code(), meta.message(), meta.status()),
                (None, None, 500)
            );
            assert_eq!(error, ErrorBody::Xml(Element::empty("Error")));
        }
    }
}
