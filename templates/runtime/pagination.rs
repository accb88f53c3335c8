//! Cursor pagination: a [`Page`] of results that can fetch the page after it, and an
//! [`AutoPager`] that streams items across pages, fetching each page only when needed. It follows
//! the cursor through empty pages, stops on an absent or empty cursor, and fails instead of
//! looping when the server repeats a cursor.

use crate::runtime::error::Error;
use crate::runtime::call::{Call, Decode, ResponseMeta};
use crate::runtime::decode_json::decode_json;
use crate::runtime::request::{Exchange, RequestOptions, RequestSpec};
use futures_core::Stream;
use std::collections::HashSet;
use std::future::IntoFuture;
use std::fmt;
use std::ops::Deref;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

/// A response model that is one page of a cursor-paginated list.
pub trait Paginated: serde::de::DeserializeOwned + Send + 'static {
    /// The type of the listed items.
    type Item: Send + 'static;
    /// The query parameter that carries the cursor.
    const CURSOR_PARAM: &'static str;
    /// The items of this page.
    fn items(&self) -> &[Self::Item];
    /// The items of this page, by value.
    fn into_items(self) -> Vec<Self::Item>;
    /// The cursor of the next page as sent (possibly empty).
    fn next_cursor(&self) -> Option<&str>;
}

/// One page of a list. Derefs to the response model, so its fields are at hand
/// (`page.items`); [`Page::next_page`] repeats the request with only the cursor replaced.
pub struct Page<P> {
    data: P,
    exchange: Exchange,
}

impl<P: Paginated> Page<P> {
    /// The items of this page.
    pub fn items(&self) -> &[P::Item] {
        self.data.items()
    }

    /// The items of this page, by value.
    pub fn into_items(self) -> Vec<P::Item> {
        self.data.into_items()
    }

    /// The response model.
    pub fn into_data(self) -> P {
        self.data
    }

    /// The cursor of the next page; `None` when there is none (absent, null or empty).
    pub fn next_cursor(&self) -> Option<&str> {
        self.data.next_cursor().filter(|cursor| !cursor.is_empty())
    }

    /// Whether there is a page after this one.
    pub fn has_next_page(&self) -> bool {
        self.next_cursor().is_some()
    }

    /// Fetches the next page with the same client, options and parameters as this one; `None`
    /// when this is the last page.
    /// A server that answers with the cursor this page was requested with would make a loop
    /// of `next_page` calls run forever: that is an `Error::Pagination`.
    pub async fn next_page(&self) -> Result<Option<Page<P>>, Error> {
        let Some(cursor) = self.next_cursor() else {
            return Ok(None);
        };
        let query = &self.exchange.request.query;
        let requested = query
            .iter()
            .any(|(name, value)| name == P::CURSOR_PARAM && value == cursor);
        if requested {
            return Err(Error::Pagination {
                message: format!(
                    "the server repeated the cursor {cursor:?}; stopping instead of looping"
                ),
            });
        }
        Ok(Some(self.next_call(cursor).await?))
    }

    fn next_call(&self, cursor: &str) -> Call<Page<P>> {
        let mut exchange = self.exchange.clone();
        exchange.request.set_query(P::CURSOR_PARAM, cursor);
        Call::from_exchange(exchange, Decode::Buffered(decode_page::<P>))
    }
}

impl<P> Deref for Page<P> {
    type Target = P;
    fn deref(&self) -> &P {
        &self.data
    }
}

impl<P: fmt::Debug> fmt::Debug for Page<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Page").field("data", &self.data).finish_non_exhaustive()
    }
}

fn decode_page<P: Paginated>(
    exchange: Exchange,
    meta: &ResponseMeta,
    bytes: bytes::Bytes,
) -> Result<Page<P>, Error> {
    let data = decode_json(&exchange, meta, &bytes)?;
    Ok(Page { data, exchange })
}

impl RequestSpec {
    /// Replaces every value of a query parameter (the page cursor).
    fn set_query(&mut self, name: &str, value: &str) {
        self.query.retain(|(key, _)| key != name);
        self.query.push((name.to_owned(), value.to_owned()));
    }
}

impl<P: Paginated> Call<Page<P>> {
    /// A request for the first page of a list.
    pub(crate) fn page(client: crate::runtime::Client, request: RequestSpec) -> Self {
        Call::new(client, request, Decode::Buffered(decode_page::<P>))
    }

    /// These options over the call's own: a set timeout or retry count replaces it, headers
    /// and query parameters are added.
    fn with_options(mut self, options: RequestOptions) -> Self {
        let own = &mut self.exchange.options;
        own.timeout = options.timeout.or(own.timeout);
        own.max_retries = options.max_retries.or(own.max_retries);
        own.headers.extend(options.headers);
        own.query.extend(options.query);
        own.body_fields.extend(options.body_fields);
        self
    }
}

type ItemStream<T> = Pin<Box<dyn Stream<Item = Result<T, Error>> + Send>>;
/// Starts an item stream, given whether to prefetch and the options for every page.
type StartStream<T> = Box<dyn FnOnce(bool, RequestOptions) -> ItemStream<T> + Send>;
/// A stream of every item of a list, across pages, fetched lazily: a page is requested only
/// when the items before it have been consumed, unless [`AutoPager::prefetch`] is on. An error
/// ends the stream after it is yielded.
#[must_use = "streams do nothing unless polled"]
pub struct AutoPager<T> {
    /// Builds the stream on the first poll, once `prefetch` and the options can no longer
    /// change.
    start: Option<StartStream<T>>,
    inner: Option<ItemStream<T>>,
    prefetch: bool,
    /// Per-request options for every page, applied over the first call's own.
    options: RequestOptions,
}

impl<T: Send + 'static> AutoPager<T> {
    /// Every item of the list that `first` requests, across pages; the first call's options
    /// (timeout, retries, headers, query) apply to every page.
    pub fn new<P: Paginated<Item = T>>(first: Call<Page<P>>) -> Self {
        AutoPager {
            start: Some(
                Box::new(move |prefetch, options| {
                    item_stream(first.with_options(options), prefetch)
                }),
            ),
            inner: None,
            prefetch: false,
            options: RequestOptions::default(),
        }
    }

    /// The timeout of each attempt of every page's request.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// How many times each page's request is retried.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.options.max_retries = Some(max_retries);
        self
    }

    /// An extra header on every page's request.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options.headers.push((name.into(), value.into()));
        self
    }

    /// An extra query parameter on every page's request.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options.query.push((name.into(), value.into()));
        self
    }

    /// Fetch the next page in the background while the current one is being consumed, at
    /// most one page ahead. Off by default: with it on, a consumer that stops early (`take(n)`)
    /// has still caused one more request, which counts against rate limits.
    pub fn prefetch(mut self, enabled: bool) -> Self {
        self.prefetch = enabled;
        self
    }
}

/// The next page: not requested yet, or already on its way (prefetch).
enum NextPage<P: Paginated> {
    Lazy(Box<Call<Page<P>>>),
    InFlight(AbortOnDrop<Result<Page<P>, Error>>),
}

impl<P: Paginated> NextPage<P> {
    async fn fetch(self) -> Result<Page<P>, Error> {
        match self {
            NextPage::Lazy(call) => (*call).await,
            NextPage::InFlight(task) => task.await,
        }
    }
}

/// A spawned page fetch that is cancelled when the pager is dropped, so an abandoned stream
/// leaves no request running.
struct AbortOnDrop<T>(tokio::task::JoinHandle<T>);
impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl<P: Paginated> std::future::Future for AbortOnDrop<Result<Page<P>, Error>> {
    type Output = Result<Page<P>, Error>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.0)
            .poll(cx)
            .map(|joined| {
                joined
                    .unwrap_or_else(|err| Err(Error::Pagination {
                        message: format!("the prefetch of the next page failed: {err}"),
                    }))
            })
    }
}

struct PagerState<P: Paginated> {
    items: std::vec::IntoIter<P::Item>,
    next: Option<NextPage<P>>,
    /// Reported once the items already received have been yielded.
    pending_error: Option<Error>,
    /// A 64-bit hash of every cursor followed: a repeat means a loop. Hashes rather than the
    /// cursors themselves keep a long scan's memory small (8 bytes a page).
    seen_cursors: HashSet<u64>,
    prefetch: bool,
}

fn cursor_hash(cursor: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    BuildHasherDefault::<DefaultHasher>::default().hash_one(cursor)
}

fn item_stream<P: Paginated>(
    first: Call<Page<P>>,
    prefetch: bool,
) -> ItemStream<P::Item> {
    let state = PagerState::<P> {
        items: Vec::new().into_iter(),
        next: Some(NextPage::Lazy(Box::new(first))),
        pending_error: None,
        seen_cursors: HashSet::new(),
        prefetch,
    };
    Box::pin(
        futures_util::stream::unfold(
            state,
            |mut state| async move {
                loop {
                    if let Some(item) = state.items.next() {
                        return Some((Ok(item), state));
                    }
                    if let Some(error) = state.pending_error.take() {
                        return Some((Err(error), state));
                    }
                    let page = match state.next.take()?.fetch().await {
                        Ok(page) => page,
                        Err(error) => return Some((Err(error), state)),
                    };
                    if let Some(cursor) = page.next_cursor() {
                        if state.seen_cursors.insert(cursor_hash(cursor)) {
                            let call = page.next_call(cursor);
                            state.next = Some(
                                if state.prefetch {
                                    NextPage::InFlight(
                                        AbortOnDrop(tokio::spawn(call.into_future())),
                                    )
                                } else {
                                    NextPage::Lazy(Box::new(call))
                                },
                            );
                        } else {
                            state.pending_error = Some(Error::Pagination {
                                message: format!(
                                    "the server repeated the cursor {cursor:?}; stopping instead of looping"
                                ),
                            });
                        }
                    }
                    state.items = page.into_items().into_iter();
                }
            },
        ),
    )
}

impl<T: Send + 'static> Stream for AutoPager<T> {
    type Item = Result<T, Error>;
    fn poll_next(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if let Some(start) = this.start.take() {
            let options = std::mem::take(&mut this.options);
            this.inner = Some(start(this.prefetch, options));
        }
        match &mut this.inner {
            Some(inner) => inner.as_mut().poll_next(cx),
            None => Poll::Ready(None),
        }
    }
}

impl<T> fmt::Debug for AutoPager<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AutoPager").finish_non_exhaustive()
    }
}
