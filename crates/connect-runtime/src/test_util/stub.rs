//! Stubbed operations: rules that answer a client's calls in place of the service.

use crate::config::{Config, ConfigBuilder};
use crate::credentials::Credentials;
use crate::operation::{Body, HttpResponse, Operation};
use std::any::{Any, TypeId};
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// How many times an answer of a rule is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Times {
    Exactly(usize),
    Forever,
}

/// An answer as a rule holds it: made afresh each time it is given.
type Make = Arc<dyn Fn() -> StubAnswer + Send + Sync>;

/// Which inputs a rule takes.
type Matcher<I> = Arc<dyn Fn(&I) -> bool + Send + Sync>;

/// What one attempt of a stubbed call gets.
pub(crate) enum StubAnswer {
    /// An HTTP answer, read as the service's would be (and retried if it says so).
    Http(HttpResponse),
    /// The call's result, `Result<O::Output, O::Error>`, returned as it is.
    Typed(Box<dyn Any + Send>),
}

/// A rule for calls of operation `O` (its input type, e.g. `DisassociateWorkspaceInput`): the
/// calls it matches, and the answers it gives them, in order.
///
/// Each answer is given once unless [`times`](Rule::times) or [`forever`](Rule::forever) says
/// otherwise, one per attempt: an HTTP answer goes through the client's retry loop and answer
/// reader as the service's would, so a rule of two 503 answers and then an output makes a call
/// that is retried twice and succeeds. A typed output or error ends the call as it is. A rule
/// whose answers are all given matches no more calls.
pub struct Rule<O: Operation> {
    matcher: Option<Matcher<O>>,
    answers: Vec<(Make, Times)>,
    calls: Arc<AtomicUsize>,
}

impl<O: Operation> Clone for Rule<O> {
    fn clone(&self) -> Self {
        Self {
            matcher: self.matcher.clone(),
            answers: self.answers.clone(),
            calls: self.calls.clone(),
        }
    }
}

impl<O: Operation> fmt::Debug for Rule<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rule")
            .field("operation", &O::NAME)
            .field("matcher", &self.matcher.is_some())
            .field("answers", &self.answers.len())
            .field("calls", &self.calls.load(Ordering::Relaxed))
            .finish()
    }
}

impl<O: Operation> Default for Rule<O> {
    fn default() -> Self {
        Self::new()
    }
}

impl<O: Operation> Rule<O> {
    /// A rule that matches every call of `O` and has no answer yet.
    pub fn new() -> Self {
        Self {
            matcher: None,
            answers: Vec::new(),
            calls: Arc::default(),
        }
    }

    /// Matches only the calls whose input `matcher` accepts.
    pub fn matching(mut self, matcher: impl Fn(&O) -> bool + Send + Sync + 'static) -> Self {
        self.matcher = Some(Arc::new(matcher));
        self
    }

    /// Answers with the output `make` builds.
    pub fn then_output(self, make: impl Fn() -> O::Output + Send + Sync + 'static) -> Self {
        self.then(move || StubAnswer::Typed(Box::new(Ok::<O::Output, O::Error>(make()))))
    }

    /// Answers with the typed error `make` builds (one the operation models, or an unhandled
    /// one); its metadata has the error's code and HTTP status.
    pub fn then_error(self, make: impl Fn() -> O::Error + Send + Sync + 'static) -> Self {
        self.then(move || StubAnswer::Typed(Box::new(Err::<O::Output, O::Error>(make()))))
    }

    /// Answers with this HTTP answer, read by the operation's answer reader as the service's
    /// would be: a 503, a throttling error, a body of your own.
    pub fn then_http(
        self,
        status: u16,
        headers: &[(&str, &str)],
        body: impl Into<Vec<u8>>,
    ) -> Self {
        let headers: Vec<(String, String)> = headers
            .iter()
            .map(|(name, value)| (name.to_ascii_lowercase(), (*value).to_owned()))
            .collect();
        let body = body.into();
        self.then(move || {
            StubAnswer::Http(HttpResponse {
                status,
                headers: headers.clone(),
                body: Body::Bytes(body.clone()),
            })
        })
    }

    /// Gives the last answer `n` times in all.
    pub fn times(mut self, n: usize) -> Self {
        if let Some((_, times)) = self.answers.last_mut() {
            *times = Times::Exactly(n);
        }
        self
    }

    /// Gives the last answer to every attempt from then on.
    pub fn forever(mut self) -> Self {
        if let Some((_, times)) = self.answers.last_mut() {
            *times = Times::Forever;
        }
        self
    }

    /// How many calls this rule has answered, by every client it was given to.
    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::Relaxed)
    }

    fn then(mut self, make: impl Fn() -> StubAnswer + Send + Sync + 'static) -> Self {
        self.answers.push((Arc::new(make), Times::Exactly(1)));
        self
    }
}

/// A rule as [`Stubs`] holds it, whatever its operation.
struct Held {
    operation: &'static str,
    input: TypeId,
    matcher: Option<Matcher<dyn Any>>,
    answers: Vec<(Make, Times)>,
    calls: Arc<AtomicUsize>,
    /// How many answers the rule has given through these stubs.
    given: Mutex<usize>,
}

impl Held {
    /// What makes the answer given `n`-th (from 0), if the rule has one: telling whether
    /// there is one builds nothing.
    fn maker(&self, n: usize) -> Option<&Make> {
        let mut before = 0;
        for (make, times) in &self.answers {
            match times {
                Times::Forever => return Some(make),
                Times::Exactly(count) if n < before + count => return Some(make),
                Times::Exactly(count) => before += count,
            }
        }
        None
    }

    fn unbounded(&self) -> bool {
        self.answers
            .iter()
            .any(|(_, times)| *times == Times::Forever)
    }

    fn used_up(&self) -> bool {
        let given = *self
            .given
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        self.maker(given).is_none()
    }
}

/// The rules that answer a client's calls in place of the service: give them to a
/// configuration ([`Stubs::config`], or [`ConfigBuilder::stubs`]) and every client built from
/// it answers from them, and sends nothing.
///
/// A call goes to the first rule of its operation that matches its input and has answers
/// left; a call no rule takes fails before anything is sent, with
/// [`BuildError::Unstubbed`](crate::BuildError::Unstubbed) naming the operation and showing
/// the input (sensitive members redacted).
#[derive(Default)]
pub struct Stubs {
    rules: Vec<Arc<Held>>,
}

impl fmt::Debug for Stubs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.rules.iter().map(|rule| rule.operation))
            .finish()
    }
}

/// A rule that could never answer a call.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum StubError {
    /// The rule has no answer.
    NoAnswer {
        /// The rule's operation.
        operation: &'static str,
    },
    /// An earlier rule of the same operation matches every call and answers forever, so this
    /// one would never be reached.
    Shadowed {
        /// The rule's operation.
        operation: &'static str,
        /// The position (from 0) of the rule that takes its calls.
        by: usize,
    },
}

impl fmt::Display for StubError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoAnswer { operation } => write!(
                f,
                "a stub rule of {operation} has no answer: give it then_output, then_error \
                 or then_http"
            ),
            Self::Shadowed { operation, by } => write!(
                f,
                "a stub rule of {operation} can never match: rule {by} matches every call of \
                 {operation} and answers forever"
            ),
        }
    }
}

impl std::error::Error for StubError {}

impl Stubs {
    /// No rule yet: every call fails.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `rule` after the others. It keeps counting the calls it answers (see
    /// [`Rule::calls`]); its answers are given afresh to each `Stubs` it is added to.
    pub fn rule<O: Operation>(mut self, rule: &Rule<O>) -> Result<Self, StubError> {
        if rule.answers.is_empty() {
            return Err(StubError::NoAnswer { operation: O::NAME });
        }
        let input = TypeId::of::<O>();
        if let Some(by) = self
            .rules
            .iter()
            .position(|held| held.input == input && held.matcher.is_none() && held.unbounded())
        {
            return Err(StubError::Shadowed {
                operation: O::NAME,
                by,
            });
        }
        let matcher = rule.matcher.clone().map(|matcher| {
            Arc::new(move |input: &dyn Any| input.downcast_ref::<O>().is_some_and(|i| matcher(i)))
                as Matcher<dyn Any>
        });
        self.rules.push(Arc::new(Held {
            operation: O::NAME,
            input,
            matcher,
            answers: rule.answers.clone(),
            calls: rule.calls.clone(),
            given: Mutex::new(0),
        }));
        Ok(self)
    }

    /// A configuration whose clients answer from these rules: region `us-east-1` and test
    /// credentials (requests are still signed, as they would be), nothing read from the
    /// environment or the files. Add what the code under test needs.
    pub fn config(self) -> ConfigBuilder {
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKIDSTUBBED", "stubbed-secret", None))
            .stubs(self)
    }

    /// The rule that takes a call of operation `name` with `input`, counted as one more call.
    pub(crate) fn take(&self, input: &dyn Any) -> Option<StubCall> {
        let rule = self.rules.iter().find(|rule| {
            rule.input == input.type_id()
                && rule.matcher.as_ref().is_none_or(|matcher| matcher(input))
                && !rule.used_up()
        })?;
        rule.calls.fetch_add(1, Ordering::Relaxed);
        Some(StubCall { rule: rule.clone() })
    }
}

impl ConfigBuilder {
    /// Answers every call of the clients built from this configuration from `stubs`, in place
    /// of the service: nothing is sent.
    pub fn stubs(mut self, stubs: Stubs) -> Self {
        self.config.stubs = Some(Arc::new(stubs));
        self
    }
}

/// The rule a call went to.
pub(crate) struct StubCall {
    rule: Arc<Held>,
}

impl StubCall {
    /// The answer of the next attempt; an error when the rule has none left.
    pub(crate) fn next(&self, attempt: u32) -> Result<StubAnswer, String> {
        let mut given = self
            .rule
            .given
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let make = self.rule.maker(*given).ok_or_else(|| {
            format!(
                "the stub rule of {} has no answer left for attempt {attempt}",
                self.rule.operation
            )
        })?;
        *given += 1;
        Ok(make())
    }
}
