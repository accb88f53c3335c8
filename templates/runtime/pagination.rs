//! Pagination in every common style: a [`Page`] of results that can fetch the page after it,
//! and an [`AutoPager`] that streams items across pages, fetching each page only when needed.
//! The [`PageStyle`] of the response model says how the next page is asked for: a cursor, the
//! last item's id, an offset, a page number, or a next-page URL (in the body or the `Link`
//! header). Paging stops when the server says there is no more (no cursor or URL, `has_more`
//! false, the total reached, an empty page, a bare array shorter than the size asked for), and
//! fails instead of looping when the server repeats a cursor or sends the same page again.

use crate::runtime::error::Error;
use crate::runtime::call::{Call, Decode, ResponseMeta};
use crate::runtime::decode_json::decode_json;
use crate::runtime::request::{Exchange, RequestOptions, RequestSpec};
use crate::runtime::pagination_stream::{ItemsOf, page_stream};
use futures_core::Stream;
use std::fmt;
use std::ops::Deref;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

/// How a list asks for the page after the one it has. Parameters are query parameter names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PageStyle {
    /// The response carries the next page's cursor ([`Paginated::next_cursor`]); it is sent
    /// back in `param`.
    Cursor {
        /// The query parameter that carries the cursor.
        param: &'static str,
    },
    /// The last item's id is sent in `after` (Stripe's `starting_after`); when the request
    /// pages backwards with `before` (`ending_before`), the first item's id is sent there.
    ItemId {
        /// The parameter that asks for the items after an id.
        after: &'static str,
        /// The parameter that asks for the items before an id, if the list has one.
        before: Option<&'static str>,
    },
    /// `param` is an item offset, advanced by the number of items received.
    Offset {
        /// The offset parameter.
        param: &'static str,
        /// The page-size parameter (`limit`) of a bare array, if it has one: a page shorter
        /// than the size the request set is the last.
        size: Option<&'static str>,
    },
    /// `param` is a page number, advanced by one.
    PageNumber {
        /// The page-number parameter.
        param: &'static str,
        /// The page-size parameter, if the list has one: it tells when a total is reached,
        /// and a bare array shorter than the size the request set is the last page.
        size: Option<&'static str>,
        /// The number of the first page, when the request does not say.
        first: u64,
    },
    /// The response carries the next page's URL ([`Paginated::next_cursor`]).
    NextUrl,
    /// The `Link` response header carries the next page's URL (`rel="next"`, RFC 8288).
    LinkHeader,
}

/// A response model that is one page of a paginated list.
pub trait Paginated: serde::de::DeserializeOwned + Send + 'static {
    /// The type of the listed items.
    type Item: Send + 'static;
    /// How the next page is asked for.
    const STYLE: PageStyle;
    /// The property of the page's JSON body that holds the items, as sent; `None` when the
    /// body is the array itself. [`AutoPager::as_sent`] reads the items from there.
    const ITEMS: Option<&'static str>;
    /// The items of this page.
    fn items(&self) -> &[Self::Item];
    /// The items of this page, by value.
    fn into_items(self) -> Vec<Self::Item>;
    /// The cursor (or, for [`PageStyle::NextUrl`], the URL) of the next page as sent
    /// (possibly empty).
    fn next_cursor(&self) -> Option<&str> {
        None
    }

    /// Whether the server says more pages follow, when it says.
    fn has_more(&self) -> Option<bool> {
        None
    }

    /// The total number of items of the list, when the server says.
    fn total(&self) -> Option<u64> {
        None
    }

    /// An item's id, for [`PageStyle::ItemId`].
    fn item_id(_item: &Self::Item) -> Option<&str> {
        None
    }
}

/// A bare JSON array, paged by the `Link` header, or by the offset or page number its
/// request's `paging` names.
impl<T: serde::de::DeserializeOwned + Send + 'static> Paginated for Vec<T> {
    type Item = T;
    const STYLE: PageStyle = PageStyle::LinkHeader;
    const ITEMS: Option<&'static str> = None;
    fn items(&self) -> &[T] {
        self
    }

    fn into_items(self) -> Vec<T> {
        self
    }
}

/// What the next page's request changes: one query parameter, or the whole URL.
pub(crate) enum NextRequest {
    Query(&'static str, String),
    Url(String),
}

impl NextRequest {
    /// The cursor, id, number or URL that names the next page, for the loop guard.
    pub(crate) fn token(&self) -> &str {
        match self {
            NextRequest::Query(_, value) | NextRequest::Url(value) => value,
        }
    }
}

/// One page of a list. Derefs to the response model, so its fields are at hand
/// (`page.items`); [`Page::next_page`] repeats the request with only what names the page
/// replaced.
pub struct Page<P> {
    data: P,
    pub(crate) exchange: Exchange,
    /// The URL this page was requested with.
    pub(crate) url: String,
    /// The `Link` header's `rel="next"` URL.
    next_link: Option<String>,
    /// How the next page is asked for: the request's own `paging` (a bare array), else
    /// [`Paginated::STYLE`].
    style: PageStyle,
    /// The status of the answer, for the items as sent ([`AutoPager::as_sent`]).
    pub(crate) status: reqwest::StatusCode,
    /// The body as received: the buffer the model was decoded from (a shared handle, not a
    /// copy), read again for the items as sent, and compared with the next page's to notice a
    /// server that sends the same page again. Compared rather than hashed: hashing every byte of
    /// every page cost more CPU than the rest of the pager (SipHash, ≈ 1.7 instructions a byte),
    /// while two different pages differ within their first bytes.
    pub(crate) body: bytes::Bytes,
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

    /// The cursor (or next-page URL) the response carries; `None` when there is none
    /// (absent, null or empty) or the style does not use one.
    pub fn next_cursor(&self) -> Option<&str> {
        self.data.next_cursor().filter(|cursor| !cursor.is_empty())
    }

    /// Whether there is a page after this one.
    pub fn has_next_page(&self) -> bool {
        self.next_request().is_some()
    }

    /// Fetches the next page with the same client, options and parameters as this one; `None`
    /// when this is the last page.
    /// A server that answers with the cursor this page was requested with would make a loop
    /// of `next_page` calls run forever: that is an `Error::Pagination`.
    pub async fn next_page(&self) -> Result<Option<Page<P>>, Error> {
        let Some(next) = self.next_request() else {
            return Ok(None);
        };
        let repeated = match &next {
            NextRequest::Query(name, value) => self.query(name) == Some(value.as_str()),
            NextRequest::Url(url) => *url == self.url,
        };
        if repeated {
            return Err(repeated_token(next.token()));
        }
        Ok(Some(self.next_call(next)?.await?))
    }

    /// The value this page's request sent for a query parameter.
    fn query(&self, name: &str) -> Option<&str> {
        let query = &self.exchange.request.query;
        query.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    /// A number this page's request sent, or `default` (also for a value that is no number).
    fn query_number(&self, name: &str, default: u64) -> u64 {
        self.query(name).and_then(|value| value.parse().ok()).unwrap_or(default)
    }

    /// How to ask for the next page; `None` on the last one.
    pub(crate) fn next_request(&self) -> Option<NextRequest> {
        if self.data.has_more() == Some(false) {
            return None;
        }
        let items = self.data.items();
        let received = items.len() as u64;
        match self.style {
            PageStyle::Cursor { param } => {
                Some(NextRequest::Query(param, self.next_cursor()?.to_owned()))
            }
            PageStyle::ItemId { after, before } => {
                let backwards = before
                    .filter(|before| {
                        self.query(before).is_some_and(|id| !id.is_empty())
                    });
                let (param, item) = match backwards {
                    Some(before) => (before, items.first()?),
                    None => (after, items.last()?),
                };
                Some(NextRequest::Query(param, P::item_id(item)?.to_owned()))
            }
            PageStyle::Offset { param, size } => {
                let next = self.query_number(param, 0) + received;
                let done = received == 0
                    || self.data.total().is_some_and(|total| next >= total)
                    || self.short_page(size, received);
                (!done).then(|| NextRequest::Query(param, next.to_string()))
            }
            PageStyle::PageNumber { param, size, first } => {
                let current = self.query_number(param, first);
                let per_page = size
                    .map_or(received, |size| self.query_number(size, received));
                let seen = (current + 1).saturating_sub(first).saturating_mul(per_page);
                let done = received == 0
                    || self.data.total().is_some_and(|total| seen >= total)
                    || self.short_page(size, received);
                (!done).then(|| NextRequest::Query(param, (current + 1).to_string()))
            }
            PageStyle::NextUrl => Some(NextRequest::Url(self.next_cursor()?.to_owned())),
            PageStyle::LinkHeader => {
                let link = self.next_link.as_deref().filter(|link| !link.is_empty())?;
                Some(NextRequest::Url(link.to_owned()))
            }
        }
    }

    /// Whether this page of a bare array is shorter than the page size its request set,
    /// which makes it the last: a server fills every page but the last, and the array has no
    /// field to say so otherwise (an envelope's total or `has_more` does, so its lists end at
    /// those or an empty page, as before). Without a size in the request the server picks one
    /// this side cannot know, so only an empty page ends the list. A server that caps the size
    /// below the one asked for sends short pages too: asking for more than its maximum ends
    /// the list after the first page.
    fn short_page(&self, size: Option<&'static str>, received: u64) -> bool {
        let asked = size.and_then(|size| self.query(size)?.parse::<u64>().ok());
        P::ITEMS.is_none() && asked.is_some_and(|asked| received < asked)
    }

    pub(crate) fn next_call(&self, next: NextRequest) -> Result<Call<Page<P>>, Error> {
        let mut exchange = self.exchange.clone();
        match next {
            NextRequest::Query(name, value) => exchange.request.set_query(name, &value),
            NextRequest::Url(url) => self.follow_url(&mut exchange, &url)?,
        }
        Ok(Call::from_exchange(exchange, Decode::Buffered(decode_page::<P>)))
    }

    /// Points the request at a next-page URL (absolute, or relative to this page's), which must
    /// lie under the client's base URL: the request carries the API key, and a URL elsewhere
    /// would hand it to another host.
    fn follow_url(&self, exchange: &mut Exchange, url: &str) -> Result<(), Error> {
        // A bare word is a cursor taken for a URL (a `next` field that holds a token), not a
        // path relative to this page: refuse it rather than request the wrong resource.
        if !(url.contains("://") || url.starts_with(['/', '?'])) {
            return Err(Error::Pagination {
                message: format!(
                    "the next page's URL {url:?} is neither absolute nor rooted"
                ),
            });
        }
        let target = reqwest::Url::parse(&self.url)
            .and_then(|here| here.join(url))
            .map_err(|err| Error::Pagination {
                message: format!("the next page's URL {url:?} is not a URL: {err}"),
            })?;
        let mut root = exchange.clone();
        root.request.path.clear();
        root.request.query.clear();
        root.options.query.clear();
        let base = crate::runtime::execute::request_url(&root)?;
        let base = base.as_str().trim_end_matches('/');
        let rest = target
            .as_str()
            .strip_prefix(base)
            .filter(|rest| rest.is_empty() || rest.starts_with(['/', '?']))
            .ok_or_else(|| Error::Pagination {
                message: format!(
                    "the next page's URL {target} is not under the base URL {base}; not following it"
                ),
            })?;
        exchange.request.path = rest
            .split(['?', '#'])
            .next()
            .unwrap_or_default()
            .to_owned();
        exchange.request.query = target
            .query_pairs()
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect();
        Ok(())
    }
}

pub(crate) fn repeated_token(token: &str) -> Error {
    Error::Pagination {
        message: format!(
            "the server repeated the cursor {token:?}; stopping instead of looping"
        ),
    }
}

/// The `rel="next"` target of `Link` headers (RFC 8288): `<url>; rel="next", <url>; rel="last"`.
fn next_link(headers: &reqwest::header::HeaderMap) -> Option<String> {
    headers
        .get_all(reqwest::header::LINK)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(|value| {
            let mut rest = value;
            loop {
                let start = rest.find('<')?;
                let end = start + rest[start..].find('>')?;
                let target = &rest[start + 1..end];
                rest = &rest[end + 1..];
                let params = rest.split('<').next().unwrap_or_default();
                let is_next = params
                    .split([';', ','])
                    .filter_map(|param| param.split_once('='))
                    .filter(|(name, _)| name.trim().eq_ignore_ascii_case("rel"))
                    .any(|(_, rel)| {
                        rel.trim()
                            .trim_matches('"')
                            .split_ascii_whitespace()
                            .any(|rel| rel.eq_ignore_ascii_case("next"))
                    });
                if is_next {
                    return Some(target.trim().to_owned());
                }
            }
        })
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
    let style = exchange
        .request
        .paging
        .and_then(|paging| paging.downcast_ref::<PageStyle>())
        .copied()
        .unwrap_or(P::STYLE);
    Ok(Page {
        style,
        data,
        exchange,
        url: meta.url.clone(),
        next_link: next_link(&meta.headers),
        status: meta.status,
        body: bytes,
    })
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

/// Every page of a list as its items, then the error that ends it, if any.
pub(crate) type PageStream<T> = Pin<
    Box<dyn Stream<Item = Result<Vec<T>, Error>> + Send>,
>;
/// Starts a page stream, given whether to prefetch and the options for every page.
type StartStream<T> = Box<dyn FnOnce(bool, RequestOptions) -> PageStream<T> + Send>;
/// A stream of every item of a list, across pages, fetched lazily: a page is requested only
/// when the items before it have been consumed, unless [`AutoPager::prefetch`] is on. An error
/// ends the stream after it is yielded.
#[must_use = "streams do nothing unless polled"]
pub struct AutoPager<T> {
    /// Builds the stream on the first poll, once `prefetch` and the options can no longer
    /// change.
    start: Option<StartStream<T>>,
    /// The items of the page at hand. Handed out here, inlined in the caller's poll, rather
    /// than one at a time through the boxed stream: a call through it, and two copies of the
    /// item, for every item.
    items: std::vec::IntoIter<T>,
    inner: Option<PageStream<T>>,
    prefetch: bool,
    /// Per-request options for every page, applied over the first call's own.
    options: RequestOptions,
}

impl<T: Send + 'static> AutoPager<T> {
    /// Every item of the list that `first` requests, across pages; the first call's options
    /// (timeout, retries, headers, query) apply to every page.
    pub fn new<P: Paginated<Item = T>>(first: Call<Page<P>>) -> Self {
        AutoPager::starting(first, |page| Ok(page.into_items()))
    }

    /// The pager over the items that `items_of` takes from each page.
    pub(crate) fn starting<P: Paginated>(
        first: Call<Page<P>>,
        items_of: ItemsOf<P, T>,
    ) -> Self {
        AutoPager {
            start: Some(
                Box::new(move |prefetch, options| {
                    page_stream(first.with_options(options), prefetch, items_of)
                }),
            ),
            items: Vec::new().into_iter(),
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

    /// The first item of the next page with items, or the error or end after the last page.
    fn poll_pages(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T, Error>>> {
        if let Some(start) = self.start.take() {
            let options = std::mem::take(&mut self.options);
            self.inner = Some(start(self.prefetch, options));
        }
        let Some(inner) = &mut self.inner else {
            return Poll::Ready(None);
        };
        loop {
            match std::task::ready!(inner.as_mut().poll_next(cx)) {
                Some(Ok(items)) => {
                    self.items = items.into_iter();
                    if let Some(item) = self.items.next() {
                        return Poll::Ready(Some(Ok(item)));
                    }
                }
                Some(Err(error)) => return Poll::Ready(Some(Err(error))),
                None => return Poll::Ready(None),
            }
        }
    }
}

impl<T: Send + 'static> Stream for AutoPager<T> {
    type Item = Result<T, Error>;
    fn poll_next(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        match this.items.next() {
            Some(item) => Poll::Ready(Some(Ok(item))),
            None => this.poll_pages(cx),
        }
    }
}

impl<T> fmt::Debug for AutoPager<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AutoPager").finish_non_exhaustive()
    }
}

// Nothing of the pager is pinned in place: the stream is boxed, and `poll_next` moves the
// items out by value. Without this impl the page's `IntoIter<T>` would make the pager `Unpin`
// only for `T: Unpin`; it was `Unpin` for every `T` when the items lived in the boxed stream.
impl<T> Unpin for AutoPager<T> {}
