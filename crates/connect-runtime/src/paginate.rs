//! Paginated operations as streams of pages or of the items the pages hold.
//!
//! A paginated operation answers one page at a time, and each page carries a continuation token
//! that the next request sends back. [`pages`] turns a first input into a stream that sends
//! those requests one after another, each when the stream is polled for the next page; [`items`]
//! flattens such a stream into the items of its pages. Generated paginators
//! (`.into_paginator()` on the fluent builder of a paginated operation) call these two with
//! where their operation keeps its tokens and items; nothing here knows about an operation.
//!
//! The stream ends after the page whose token is absent, empty, or equal to the token that
//! request sent (a service answering with the same token again would otherwise be called
//! forever), and after the first error, which it yields.
//!
//! [`PaginationStream::next`] needs no import. [`PaginationStream`] implements [`Stream`] (the
//! trait of the `futures` crate, re-exported here), so `futures::StreamExt` and
//! `futures::TryStreamExt` combinators work on it too.

use crate::client::Client;
use crate::error::{BuildError, SdkError};
use crate::operation::Operation;
use futures_util::stream::{self, StreamExt};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

pub use futures_util::stream::Stream;

/// The pages (or items) of a paginated call, fetched as the stream is polled.
///
/// ```no_run
/// use connect_runtime::paginate::PaginationStream;
///
/// // `pages` comes from a generated paginator, e.g.
/// // `client.list_users().instance_id("...").into_paginator().send()`.
/// async fn print_all<P: std::fmt::Debug, E: std::fmt::Display>(
///     mut pages: PaginationStream<Result<P, E>>,
/// ) {
///     while let Some(page) = pages.next().await {
///         match page {
///             Ok(page) => println!("{page:?}"),
///             Err(error) => eprintln!("stopped: {error}"),
///         }
///     }
/// }
///
/// // Or all of them, stopping at the first error:
/// async fn all<P, E>(pages: PaginationStream<Result<P, E>>) -> Result<Vec<P>, E> {
///     pages.try_collect().await
/// }
/// ```
pub struct PaginationStream<T> {
    inner: Pin<Box<dyn Stream<Item = T> + Send>>,
}

impl<T> PaginationStream<T> {
    fn new(stream: impl Stream<Item = T> + Send + 'static) -> Self {
        Self {
            inner: Box::pin(stream),
        }
    }

    /// The next page or item, or `None` once the stream has ended.
    pub async fn next(&mut self) -> Option<T> {
        self.inner.next().await
    }
}

impl<T, E> PaginationStream<Result<T, E>> {
    /// Every element until the stream ends, or the first error.
    pub async fn try_collect(mut self) -> Result<Vec<T>, E> {
        let mut all = Vec::new();
        while let Some(element) = self.next().await {
            all.push(element?);
        }
        Ok(all)
    }
}

impl<T> Stream for PaginationStream<T> {
    type Item = T;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T> fmt::Debug for PaginationStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PaginationStream").finish_non_exhaustive()
    }
}

/// The pages of a paginated call on `client`, starting with `first` (a build error is the
/// stream's only element).
///
/// `input_token` is the input's continuation-token member: the first request sends what it
/// holds (the caller may have set it to resume), and each next request the token of the page
/// before. `output_token` reads a page's token.
pub fn pages<I>(
    client: &Client,
    first: Result<I, BuildError>,
    input_token: fn(&mut I) -> &mut Option<String>,
    output_token: fn(&I::Output) -> Option<&str>,
) -> PaginationStream<Result<I::Output, SdkError<I::Error>>>
where
    I: Operation + Send + Sync + 'static,
    I::Output: Send + 'static,
    I::Error: Send + 'static,
{
    let first = match first {
        Ok(first) => first,
        Err(error) => {
            return PaginationStream::new(stream::iter([Err(SdkError::Construction(error))]))
        }
    };
    let client = client.clone();
    let fetch = move |input: I| {
        let client = client.clone();
        async move {
            let result = client.invoke(&input).await;
            (input, result)
        }
    };
    drive(first, fetch, input_token, output_token)
}

/// The items of every page of `pages`, in order; `items` takes them out of a page. An error
/// is yielded where its page would have been, and ends the stream.
pub fn items<P, E, C>(
    pages: PaginationStream<Result<P, E>>,
    items: fn(P) -> C,
) -> PaginationStream<Result<C::Item, E>>
where
    P: 'static,
    E: Send + 'static,
    C: IntoIterator + 'static,
    C::IntoIter: Send + 'static,
    C::Item: Send + 'static,
{
    PaginationStream::new(pages.flat_map(move |page| {
        let (page_items, error) = match page {
            Ok(page) => (Some(items(page).into_iter()), None),
            Err(error) => (None, Some(error)),
        };
        stream::iter(
            page_items
                .into_iter()
                .flatten()
                .map(Ok)
                .chain(error.map(Err)),
        )
    }))
}

/// The token to send for the next page, given the one just `sent` and the one the page
/// `answered`: none when the answer has no token, an empty one, or the one just sent (a
/// service that repeats a token would otherwise be asked for the same page forever).
pub fn next_token<'a>(sent: Option<&str>, answered: Option<&'a str>) -> Option<&'a str> {
    answered.filter(|token| !token.is_empty() && sent != Some(*token))
}

/// The loop behind [`pages`], over any `fetch`, which sends an input and hands it back with
/// the answer.
fn drive<I, O, E, F, Fut>(
    first: I,
    mut fetch: F,
    input_token: fn(&mut I) -> &mut Option<String>,
    output_token: fn(&O) -> Option<&str>,
) -> PaginationStream<Result<O, E>>
where
    I: Send + 'static,
    O: Send + 'static,
    E: Send + 'static,
    F: FnMut(I) -> Fut + Send + 'static,
    Fut: Future<Output = (I, Result<O, E>)> + Send + 'static,
{
    // The state is the input of the next request; `None` once the stream has ended.
    PaginationStream::new(stream::unfold(Some(first), move |next: Option<I>| {
        let request = next.map(&mut fetch);
        async move {
            let (mut input, result) = request?.await;
            let page = match result {
                Ok(page) => page,
                Err(error) => return Some((Err(error), None)),
            };
            let sent = input_token(&mut input);
            let next = match next_token(sent.as_deref(), output_token(&page)) {
                Some(token) => {
                    *sent = Some(token.to_owned());
                    Some(input)
                }
                None => None,
            };
            Some((Ok(page), next))
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::VecDeque;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Debug)]
    struct Input {
        token: Option<String>,
        filter: &'static str,
    }

    #[derive(Debug, PartialEq)]
    struct Page {
        token: Option<&'static str>,
        items: Vec<u32>,
    }

    fn page(token: Option<&'static str>, items: &[u32]) -> Result<Page, String> {
        Ok(Page {
            token,
            items: items.to_vec(),
        })
    }

    /// A fake service answering `answers` in order, recording the input of every request.
    #[derive(Clone, Default)]
    struct Fake {
        answers: Arc<Mutex<VecDeque<Result<Page, String>>>>,
        sent: Arc<Mutex<Vec<Input>>>,
    }

    impl Fake {
        fn new(answers: impl IntoIterator<Item = Result<Page, String>>) -> Self {
            let fake = Self::default();
            fake.answers.lock().unwrap().extend(answers);
            fake
        }

        fn pages(&self, first: Input) -> PaginationStream<Result<Page, String>> {
            let fake = self.clone();
            let fetch = move |input: Input| {
                fake.sent.lock().unwrap().push(input.clone());
                let answer = fake.answers.lock().unwrap().pop_front();
                async move {
                    let answer = answer.unwrap_or_else(|| Err("no answer left".into()));
                    (input, answer)
                }
            };
            drive(first, fetch, |input| &mut input.token, |page| page.token)
        }

        fn tokens_sent(&self) -> Vec<Option<String>> {
            let sent = self.sent.lock().unwrap();
            sent.iter().map(|input| input.token.clone()).collect()
        }
    }

    fn first(token: Option<&str>) -> Input {
        Input {
            token: token.map(str::to_owned),
            filter: "f",
        }
    }

    async fn all<T>(mut stream: PaginationStream<T>) -> Vec<T> {
        let mut all = Vec::new();
        while let Some(element) = stream.next().await {
            all.push(element);
        }
        all
    }

    #[tokio::test]
    async fn follows_tokens_until_a_page_has_none() {
        let fake = Fake::new([
            page(Some("t1"), &[1, 2]),
            page(Some("t2"), &[3]),
            page(None, &[4]),
        ]);
        let pages = all(fake.pages(first(None))).await;
        assert_eq!(
            pages,
            [
                page(Some("t1"), &[1, 2]),
                page(Some("t2"), &[3]),
                page(None, &[4])
            ]
        );
        assert_eq!(
            fake.tokens_sent(),
            [None, Some("t1".into()), Some("t2".into())]
        );
        // Every request keeps the caller's other members.
        assert!(fake
            .sent
            .lock()
            .unwrap()
            .iter()
            .all(|input| input.filter == "f"));
    }

    #[tokio::test]
    async fn nothing_is_sent_before_the_stream_is_polled() {
        let fake = Fake::new([page(Some("t1"), &[]), page(None, &[])]);
        let mut pages = fake.pages(first(None));
        assert!(fake.tokens_sent().is_empty());
        pages.next().await.unwrap().unwrap();
        assert_eq!(fake.tokens_sent(), [None]);
    }

    #[tokio::test]
    async fn the_first_request_sends_the_callers_token() {
        let fake = Fake::new([page(Some("t3"), &[5]), page(None, &[6])]);
        let pages = all(fake.pages(first(Some("t2")))).await;
        assert_eq!(pages.len(), 2);
        assert_eq!(fake.tokens_sent(), [Some("t2".into()), Some("t3".into())]);
    }

    #[tokio::test]
    async fn an_empty_token_ends_the_stream() {
        let fake = Fake::new([page(Some(""), &[1]), page(None, &[2])]);
        assert_eq!(all(fake.pages(first(None))).await, [page(Some(""), &[1])]);
        assert_eq!(fake.tokens_sent(), [None]);
    }

    #[tokio::test]
    async fn a_token_equal_to_the_one_sent_ends_the_stream() {
        let fake = Fake::new([
            page(Some("t1"), &[1]),
            page(Some("t1"), &[2]),
            page(Some("t1"), &[3]),
        ]);
        let pages = all(fake.pages(first(None))).await;
        assert_eq!(pages, [page(Some("t1"), &[1]), page(Some("t1"), &[2])]);
        assert_eq!(fake.tokens_sent(), [None, Some("t1".into())]);
    }

    #[tokio::test]
    async fn the_callers_token_answered_back_ends_the_stream() {
        let fake = Fake::new([page(Some("t1"), &[1]), page(None, &[2])]);
        let pages = all(fake.pages(first(Some("t1")))).await;
        assert_eq!(pages, [page(Some("t1"), &[1])]);
        assert_eq!(fake.tokens_sent(), [Some("t1".into())]);
    }

    #[tokio::test]
    async fn an_error_is_yielded_then_ends_the_stream() {
        let fake = Fake::new([
            page(Some("t1"), &[1]),
            Err("throttled".into()),
            page(None, &[2]),
        ]);
        let pages = all(fake.pages(first(None))).await;
        assert_eq!(pages, [page(Some("t1"), &[1]), Err("throttled".into())]);
        assert_eq!(fake.tokens_sent(), [None, Some("t1".into())]);
    }

    #[tokio::test]
    async fn items_flatten_pages_in_order_and_keep_the_error() {
        let fake = Fake::new([
            page(Some("t1"), &[1, 2]),
            page(Some("t2"), &[]),
            page(Some("t3"), &[3]),
            Err("denied".into()),
        ]);
        let items = all(items(fake.pages(first(None)), |page| page.items)).await;
        assert_eq!(items, [Ok(1), Ok(2), Ok(3), Err("denied".to_owned())]);
        assert_eq!(fake.tokens_sent().len(), 4);
    }

    #[tokio::test]
    async fn items_of_a_map_are_its_entries() {
        let fake = Fake::new([page(Some("t1"), &[1]), page(None, &[2, 3])]);
        let entries = items(fake.pages(first(None)), |page| {
            page.items
                .into_iter()
                .map(|item| (item.to_string(), item))
                .collect::<std::collections::BTreeMap<_, _>>()
        })
        .try_collect()
        .await;
        assert_eq!(
            entries,
            Ok(vec![("1".into(), 1), ("2".into(), 2), ("3".into(), 3)])
        );
    }

    #[tokio::test]
    async fn try_collect_stops_at_the_first_error() {
        let fake = Fake::new([page(Some("t1"), &[1]), Err("gone".into())]);
        assert_eq!(
            fake.pages(first(None)).try_collect().await,
            Err("gone".to_owned())
        );
        let fake = Fake::new([page(Some("t1"), &[1]), page(None, &[2])]);
        assert_eq!(
            fake.pages(first(None)).try_collect().await,
            Ok(vec![
                Page {
                    token: Some("t1"),
                    items: vec![1]
                },
                Page {
                    token: None,
                    items: vec![2]
                }
            ])
        );
    }

    /// An operation that must never be sent: the build error comes first.
    #[derive(Debug)]
    struct Never;

    #[derive(Debug)]
    struct NeverError;

    impl crate::OperationError for NeverError {
        fn from_answer(
            _: &crate::ErrorMetadata,
            _: &crate::protocol::ErrorBody,
            _: &crate::HttpResponse,
        ) -> Option<Result<Self, crate::DecodeError>> {
            unreachable!("a paginator whose input failed to build reads no answer")
        }

        fn unhandled(_: crate::Unhandled) -> Self {
            unreachable!("a paginator whose input failed to build reads no answer")
        }

        fn is_unhandled(&self) -> bool {
            unreachable!("a paginator whose input failed to build reads no answer")
        }

        fn code_and_status(&self) -> (Option<&str>, u16) {
            unreachable!("a paginator whose input failed to build reads no answer")
        }
    }

    impl Operation for Never {
        const NAME: &'static str = "Never";
        type Output = ();
        type Error = NeverError;

        fn to_request(&self) -> Result<crate::HttpRequest, BuildError> {
            unreachable!("a paginator whose input failed to build sends nothing")
        }

        fn parse_output(_: crate::HttpResponse) -> Result<(), crate::DecodeError> {
            unreachable!("a paginator whose input failed to build reads nothing")
        }
    }

    static SERVICE: crate::ServiceInfo = crate::ServiceInfo {
        name: "test",
        sdk_id: "Test",
        version: "2024-01-01",
        signing_name: "test",
        protocol: crate::Protocol::RestJson1,
        endpoint_rules: None,
        credential_services: None,
        default_http: |_| Err("the tests send through a stub".into()),
    };

    #[tokio::test]
    async fn a_build_error_is_the_only_element() {
        let client = Client::new(&SERVICE, crate::Config::builder().build());
        let missing = BuildError::MissingMember {
            operation: "Never",
            member: "InstanceId",
        };
        let pages = pages::<Never>(
            &client,
            Err(missing.clone()),
            |_| unreachable!(),
            |_| unreachable!(),
        );
        let all = all(pages).await;
        assert_eq!(all.len(), 1);
        assert!(
            matches!(&all[0], Err(SdkError::Construction(error)) if *error == missing),
            "{all:?}"
        );
    }
}
