//! The page stream behind [`AutoPager`](crate::runtime::pagination::AutoPager): each page's items, then the next page's
//! request (lazy, or prefetched one page ahead), with the loop guards (a repeated cursor, the
//! same page sent twice) and the error that ends the stream once the items before it are out.

use crate::runtime::error::Error;
use crate::runtime::call::Call;
use crate::runtime::pagination::{Page, PageStream, Paginated, repeated_token};
use futures_core::Stream;
use std::collections::HashSet;
use std::future::IntoFuture;
use std::pin::Pin;
use std::task::{Context, Poll};

/// How the items of a page are taken: typed, or as sent.
pub(crate) type ItemsOf<P, T> = fn(Page<P>) -> Result<Vec<T>, Error>;
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

struct PagerState<P: Paginated, T> {
    items_of: ItemsOf<P, T>,
    next: Option<NextPage<P>>,
    /// Reported once the items already received have been yielded.
    pending_error: Option<Error>,
    /// A 64-bit hash of every cursor (id, number, URL) followed: a repeat means a loop. Hashes
    /// rather than the cursors themselves keep a long scan's memory small (8 bytes a page).
    seen_cursors: HashSet<u64>,
    /// The body of the last page with items: a server that ignores an offset or page number
    /// sends the same page again, which would otherwise loop. One page's bytes, kept until the
    /// next page replaces them.
    last_body: Option<bytes::Bytes>,
    prefetch: bool,
}

fn token_hash(token: &[u8]) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    BuildHasherDefault::<DefaultHasher>::default().hash_one(token)
}

impl<P: Paginated, T> PagerState<P, T> {
    /// Takes in a page: its items, and the request for the page after it queued (or the error
    /// that stops the stream once the items are yielded). `None` when the page's items are not
    /// to be yielded (the error says why).
    fn receive(&mut self, page: Page<P>) -> Option<Vec<T>> {
        let repeated_body = !page.items().is_empty()
            && self.last_body.replace(page.body.clone()).as_ref() == Some(&page.body);
        if repeated_body {
            self.pending_error = Some(Error::Pagination {
                message: "the server sent the same page twice; stopping instead of looping"
                    .to_owned(),
            });
            return None;
        }
        let next = page
            .next_request()
            .map(|next| {
                if self.seen_cursors.insert(token_hash(next.token().as_bytes())) {
                    page.next_call(next)
                } else {
                    Err(repeated_token(next.token()))
                }
            });
        // Items that cannot be read end the stream here: no page after them is requested.
        let items = match (self.items_of)(page) {
            Ok(items) => items,
            Err(error) => {
                self.pending_error = Some(error);
                return None;
            }
        };
        match next {
            Some(Ok(call)) if self.prefetch => {
                let task = tokio::spawn(call.into_future());
                self.next = Some(NextPage::InFlight(AbortOnDrop(task)));
            }
            Some(Ok(call)) => self.next = Some(NextPage::Lazy(Box::new(call))),
            Some(Err(error)) => self.pending_error = Some(error),
            None => {}
        }
        Some(items)
    }
}

pub(crate) fn page_stream<P: Paginated, T: Send + 'static>(
    first: Call<Page<P>>,
    prefetch: bool,
    items_of: ItemsOf<P, T>,
) -> PageStream<T> {
    let state = PagerState::<P, T> {
        items_of,
        next: Some(NextPage::Lazy(Box::new(first))),
        pending_error: None,
        seen_cursors: HashSet::new(),
        last_body: None,
        prefetch,
    };
    Box::pin(PagerStream {
        state,
        fetching: None,
    })
}

/// The page stream, written out: `stream::unfold` moved the whole state into a new future and
/// back out for every page, and panicked when polled again after it ended; this one stays
/// ended.
struct PagerStream<P: Paginated, T> {
    state: PagerState<P, T>,
    /// The request for the next page, on its way.
    fetching: Option<Pin<Box<dyn Future<Output = Result<Page<P>, Error>> + Send>>>,
}

impl<P: Paginated, T> Stream for PagerStream<P, T> {
    type Item = Result<Vec<T>, Error>;
    fn poll_next(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(fetching) = &mut this.fetching {
                let fetched = std::task::ready!(fetching.as_mut().poll(cx));
                this.fetching = None;
                match fetched {
                    Ok(page) => {
                        if let Some(items) = this.state.receive(page) {
                            return Poll::Ready(Some(Ok(items)));
                        }
                    }
                    Err(error) => return Poll::Ready(Some(Err(error))),
                }
            }
            if let Some(error) = this.state.pending_error.take() {
                return Poll::Ready(Some(Err(error)));
            }
            let Some(next) = this.state.next.take() else {
                return Poll::Ready(None);
            };
            this.fetching = Some(Box::pin(next.fetch()));
        }
    }
}

// Nothing of the page stream is pinned in place: the fetch is boxed, the rest moves freely.
impl<P: Paginated, T> Unpin for PagerStream<P, T> {}
