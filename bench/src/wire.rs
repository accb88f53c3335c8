//! The loopback fixtures of the client benchmarks: a server runtime of its own, a paged list
//! whose page bodies are serialised once up front (so the server is never the bottleneck), the
//! hand-written baseline client (plain reqwest + serde), and the generated client's consumer.

use ::tests::server::{BodyPart, Reply, Request, TestServer};
use futures::TryStreamExt;
use llamacloud::resources::beta::chat::ListParams;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::sync::Arc;
use std::time::Duration;

/// Runs loopback servers on one worker thread of their own, so the clients' runtime measures
/// only the clients.
pub struct ServerHost {
    runtime: tokio::runtime::Runtime,
}

impl ServerHost {
    pub fn new() -> ServerHost {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("bench-server")
            .enable_all()
            .build()
            .expect("the server runtime starts");
        ServerHost { runtime }
    }

    /// Starts a server; call it outside any runtime (it blocks on the server's own).
    pub fn start<F>(&self, handler: F) -> TestServer
    where
        F: Fn(&Request, usize) -> Reply + Send + Sync + 'static,
    {
        self.runtime.block_on(TestServer::start(handler))
    }

    /// A server of a paged list, keyed by the `page_token` query value (`p1`, `p2`, …; none
    /// for the first page), answering with clones of the precomputed replies.
    pub fn paged(&self, replies: &Arc<Vec<Reply>>) -> TestServer {
        let replies = Arc::clone(replies);
        self.start(move |request, _| match replies.get(page_index(request)) {
            Some(reply) => reply.clone(),
            None => Reply::text(404, "text/plain", "no such page"),
        })
    }

    /// Like [`ServerHost::paged`], but each body is built when it is asked for: for lists too
    /// long to hold in memory up front (the memory benchmark, where speed is moot).
    pub fn paged_lazily(&self, pages: usize, per_page: usize) -> TestServer {
        self.start(move |request, _| match page_index(request) {
            page if page < pages => {
                Reply::text(200, "application/json", &page_body(page, pages, per_page))
            }
            _ => Reply::text(404, "text/plain", "no such page"),
        })
    }
}

/// The page a request asks for: 0 without a `page_token`, `n` for `pn`, `usize::MAX` otherwise.
fn page_index(request: &Request) -> usize {
    match request.query_value("page_token") {
        None => 0,
        Some(token) => (token.strip_prefix('p'))
            .and_then(|n| n.parse().ok())
            .unwrap_or(usize::MAX),
    }
}

/// The replies of `pages` pages of `per_page` items each, serialised once; every body is
/// written after `latency` (a chunked reply that pauses first) unless that is zero.
pub fn paged_replies(pages: usize, per_page: usize, latency: Duration) -> Arc<Vec<Reply>> {
    let reply = |page| {
        let body = page_body(page, pages, per_page).into_bytes();
        if latency.is_zero() {
            let mut reply = Reply::empty(200).header("content-type", "application/json");
            reply.body = vec![BodyPart::Bytes(body)];
            reply
        } else {
            let parts = vec![BodyPart::Pause(latency), BodyPart::Bytes(body)];
            Reply::chunks(200, "application/json", parts)
        }
    };
    Arc::new((0..pages).map(reply).collect())
}

/// The JSON of one page; every page but the last names the next one.
pub fn page_body(page: usize, pages: usize, per_page: usize) -> String {
    let items: Vec<serde_json::Value> = (0..per_page)
        .map(|i| {
            serde_json::json!({
                "session_id": format!("s{page}-{i}"),
                "last_updated_at": "2026-04-22T12:34:41.342245",
                "generated_title": "t",
                "index_ids": ["a", "b"],
                "job_metadata": null,
            })
        })
        .collect();
    let mut body = serde_json::json!({ "items": items });
    if page + 1 < pages {
        body["next_page_token"] = format!("p{}", page + 1).into();
    }
    body.to_string()
}

/// The generated client pointed at a loopback server.
pub fn generated_client(url: &str, max_retries: u32) -> llamacloud::Client {
    llamacloud::Client::builder()
        .api_key("k")
        .base_url(url)
        .max_retries(max_retries)
        .build()
        .expect("the generated client builds")
}

/// Streams every item with the generated client's auto-pager; sleeps `per_page_work` after
/// every `per_page` items (a consumer that does something with each page). Returns the count.
pub async fn generated_all(
    client: &llamacloud::Client,
    prefetch: bool,
    per_page: usize,
    per_page_work: Duration,
) -> usize {
    let params = ListParams {
        page_size: Some(per_page as i64),
        ..Default::default()
    };
    let mut items = client
        .beta()
        .chat()
        .list_auto_paging(params)
        .prefetch(prefetch);
    let mut count = 0;
    while let Some(item) = items.try_next().await.expect("the generated client pages") {
        std::hint::black_box(item);
        count += 1;
        if !per_page_work.is_zero() && count % per_page == 0 {
            tokio::time::sleep(per_page_work).await;
        }
    }
    count
}

/// Streams every item page by page with the generated `list(..)` and `next_page()`, without the
/// auto-pager: what is left of the generated client's cost without it.
pub async fn generated_pages(client: &llamacloud::Client, per_page: usize) -> usize {
    let params = ListParams {
        page_size: Some(per_page as i64),
        ..Default::default()
    };
    let mut page = client.beta().chat().list(params).await.expect("a page");
    let mut count = 0;
    loop {
        let next = page.next_page().await.expect("the next page");
        for item in page.into_items() {
            std::hint::black_box(item);
            count += 1;
        }
        match next {
            Some(next) => page = next,
            None => return count,
        }
    }
}

/// A page as a hand-written client would declare it.
pub trait BaselinePage: DeserializeOwned {
    type Item;
    fn into_parts(self) -> (Vec<Self::Item>, Option<String>);
}

#[derive(Deserialize)]
pub struct PlainPage {
    items: Vec<PlainItem>,
    next_page_token: Option<String>,
}

/// The same fields as the generated `SessionSummary`, and nothing else.
#[allow(
    dead_code,
    reason = "read by serde only: the baseline decodes every field, as a real client would"
)]
#[derive(Deserialize)]
pub struct PlainItem {
    pub session_id: String,
    pub last_updated_at: String,
    pub generated_title: Option<String>,
    pub index_ids: Option<Vec<String>>,
    pub job_metadata: Option<PlainJobMetadata>,
}

#[allow(
    dead_code,
    reason = "read by serde only: the baseline decodes every field, as a real client would"
)]
#[derive(Deserialize)]
pub struct PlainJobMetadata {
    pub duration_ms: Option<f64>,
    pub error: Option<String>,
    pub export_config_ids: Option<Vec<String>>,
    pub is_error: Option<bool>,
    pub total_input_tokens: Option<i64>,
    pub total_output_tokens: Option<i64>,
    pub turns: Option<i64>,
}

impl BaselinePage for PlainPage {
    type Item = PlainItem;
    fn into_parts(self) -> (Vec<PlainItem>, Option<String>) {
        (self.items, self.next_page_token)
    }
}

/// How the baseline decodes a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decoding {
    /// `serde_json::from_slice`, as a hand-written client would.
    Plain,
    /// Through `serde_path_to_error`, as the generated `decode_json` did on failure until
    /// 2026-12-03 (it now finds the path from the error's position): the what-if row.
    WithPath,
}

/// Decodes `body` as `T` the way the generated `decode_json` did after a plain decode failed,
/// until 2026-12-03: through `serde_path_to_error`, then checks for trailing data.
pub fn decode_with_path<T: DeserializeOwned>(body: &[u8]) -> T {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer).expect("decodes");
    deserializer.end().expect("no trailing data");
    value
}

/// The hand-written loop: GET, read the bytes, `serde_json::from_slice`, follow the cursor.
pub async fn baseline_all<P: BaselinePage>(
    http: &reqwest::Client,
    base_url: &str,
    per_page: usize,
    decoding: Decoding,
) -> usize {
    let endpoint = reqwest::Url::parse(&format!("{base_url}/api/v1/chat")).expect("a URL");
    let page_size = per_page.to_string();
    let mut token: Option<String> = None;
    let mut count = 0;
    loop {
        let mut url = endpoint.clone();
        url.query_pairs_mut().append_pair("page_size", &page_size);
        if let Some(token) = &token {
            url.query_pairs_mut().append_pair("page_token", token);
        }
        let response = http
            .get(url)
            .header("authorization", "Bearer k")
            .header("accept", "application/json")
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .expect("the baseline request succeeds");
        let bytes = response.bytes().await.expect("the baseline body arrives");
        let page: P = match decoding {
            Decoding::Plain => serde_json::from_slice(&bytes).expect("the baseline page decodes"),
            Decoding::WithPath => decode_with_path(&bytes),
        };
        let (items, next) = page.into_parts();
        for item in items {
            std::hint::black_box(item);
            count += 1;
        }
        match next {
            Some(next) if !next.is_empty() => token = Some(next),
            _ => return count,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_decode_and_chain() {
        let first: PlainPage = serde_json::from_str(&page_body(0, 2, 3)).unwrap();
        let (items, next) = first.into_parts();
        assert_eq!((items.len(), next.as_deref()), (3, Some("p1")));
        let last: PlainPage = serde_json::from_str(&page_body(1, 2, 3)).unwrap();
        let (items, next) = last.into_parts();
        assert_eq!((items[2].session_id.as_str(), next), ("s1-2", None));
        let generated: llamacloud::models::SessionListApiResponse =
            serde_json::from_str(&page_body(0, 2, 3)).unwrap();
        assert_eq!(generated.items.len(), 3);
    }
}
