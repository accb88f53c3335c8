//! Scriptable HTTP/1.1 test server on plain tokio sockets, for fault injection that wiremock
//! cannot do: dropped connections mid-body, truncated bodies, stalls, and bodies sent in chosen
//! chunks with pauses in between (e.g. server-sent events).

use std::fmt::Write as _;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

const MAX_HEAD: usize = 64 * 1024;
const MAX_BODY: usize = 64 * 1024 * 1024;

type Conn = BufReader<TcpStream>;

/// A request as received by the test server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// Request method, e.g. `GET`.
    pub method: String,
    /// Path only, percent-encoding kept as received.
    pub path: String,
    /// Decoded query pairs in order (`%XX` decoded, `+` as space).
    pub query: Vec<(String, String)>,
    /// The request-target exactly as received.
    pub raw_target: String,
    /// Headers in order, names lowercased.
    pub headers: Vec<(String, String)>,
    /// Body with any chunked framing removed.
    pub body: Vec<u8>,
}

impl Request {
    /// First value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        header_value(&self.headers, name)
    }

    /// First decoded value of query parameter `name`.
    pub fn query_value(&self, name: &str) -> Option<&str> {
        self.query_values(name).into_iter().next()
    }

    /// All decoded values of query parameter `name`, in order.
    pub fn query_values(&self, name: &str) -> Vec<&str> {
        let matching = self.query.iter().filter(|(k, _)| k == name);
        matching.map(|(_, v)| v.as_str()).collect()
    }

    /// Body parsed as JSON; panics with a descriptive message if it is not valid JSON.
    pub fn body_json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "test server: request body is not valid JSON ({e}): {:?}",
                self.body_text()
            )
        })
    }

    /// Body as (lossily decoded) UTF-8 text.
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One piece of a response body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyPart {
    /// Bytes to write (one HTTP chunk in chunked replies), flushed immediately.
    Bytes(Vec<u8>),
    /// Sleep before writing the next part.
    Pause(Duration),
}

/// A misbehaviour to inject instead of (or in the middle of) a normal response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Send status line + headers (with the full Content-Length), then only the first N body bytes, then close.
    TruncateBodyAt(usize),
    /// Accept the request and never answer (hold the connection open until the server is dropped).
    Stall,
    /// Read the request then close the socket without writing anything.
    CloseWithoutResponse,
}

/// A scripted response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// Status code.
    pub status: u16,
    /// Headers sent verbatim; `content-length` is added unless present or the reply is chunked.
    pub headers: Vec<(String, String)>,
    /// Body parts, written in order.
    pub body: Vec<BodyPart>,
    /// Optional injected fault.
    pub fault: Option<Fault>,
}

impl Reply {
    /// JSON reply with `content-type: application/json`.
    pub fn json(status: u16, body: &serde_json::Value) -> Reply {
        Reply::text(status, "application/json", &body.to_string())
    }

    /// Reply with the given content type and text body.
    pub fn text(status: u16, content_type: &str, body: &str) -> Reply {
        let mut reply = Reply::empty(status).header("content-type", content_type);
        reply.body = vec![BodyPart::Bytes(body.as_bytes().to_vec())];
        reply
    }

    /// Reply without body (and without `content-length` for 204/304).
    pub fn empty(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Vec::new(),
            fault: None,
        }
    }

    /// Adds a response header.
    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// Reply sent with `Transfer-Encoding: chunked`: one HTTP chunk per `Bytes` part, flushed,
    /// sleeping on each `Pause`.
    pub fn chunks(status: u16, content_type: &str, parts: Vec<BodyPart>) -> Reply {
        let mut reply = Reply::empty(status).header("content-type", content_type);
        reply.body = parts;
        reply.header("transfer-encoding", "chunked")
    }

    /// Injects a fault into this reply.
    pub fn fault(mut self, fault: Fault) -> Reply {
        self.fault = Some(fault);
        self
    }
}

type Handler = dyn Fn(&Request, usize) -> Reply + Send + Sync;

struct Shared {
    handler: Box<Handler>,
    requests: Mutex<Vec<Request>>,
}

/// A running test server; stops (aborting all connections) when dropped.
pub struct TestServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    accept: JoinHandle<()>,
}

impl TestServer {
    /// Binds 127.0.0.1:0, serves on a spawned tokio task. `handler` is called for each request with the request and the 0-based index of that request across the server's life.
    pub async fn start<F>(handler: F) -> TestServer
    where
        F: Fn(&Request, usize) -> Reply + Send + Sync + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("test server: bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("test server: local_addr");
        let shared = Arc::new(Shared {
            handler: Box::new(handler),
            requests: Mutex::new(Vec::new()),
        });
        let accept = tokio::spawn(accept_loop(listener, Arc::clone(&shared)));
        TestServer {
            addr,
            shared,
            accept,
        }
    }

    /// Convenience: replies from a fixed script in order; requests beyond the script get 500 with body "test server: script exhausted".
    pub async fn scripted(replies: Vec<Reply>) -> TestServer {
        let exhausted = Reply::text(500, "text/plain", "test server: script exhausted");
        TestServer::start(move |_, index| replies.get(index).unwrap_or(&exhausted).clone()).await
    }

    /// Base URL, `http://127.0.0.1:PORT` (no trailing slash).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// All requests received so far, in order.
    pub fn requests(&self) -> Vec<Request> {
        lock(&self.shared.requests).clone()
    }
}

impl Drop for TestServer {
    /// Aborts the accept task and any connection tasks.
    fn drop(&mut self) {
        self.accept.abort(); // the accept task owns the connection tasks' JoinSet
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

async fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    let mut conns = JoinSet::new(); // dropping it (on abort) aborts all connections
    loop {
        match listener.accept().await {
            Ok((stream, _)) => {
                let _ = stream.set_nodelay(true);
                while conns.try_join_next().is_some() {}
                conns.spawn(serve_conn(stream, Arc::clone(&shared)));
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
        }
    }
}

async fn serve_conn(stream: TcpStream, shared: Arc<Shared>) {
    let mut conn = BufReader::new(stream);
    while let Some((request, keep_alive)) = read_request(&mut conn).await {
        let index = {
            let mut requests = lock(&shared.requests);
            requests.push(request.clone());
            requests.len() - 1
        };
        let reply = (shared.handler)(&request, index);
        if !write_reply(conn.get_mut(), &reply).await || !keep_alive {
            break;
        }
    }
}

/// Reads one line (at most `MAX_HEAD` bytes) without its line ending; `None` on EOF or error.
async fn read_line(conn: &mut Conn) -> Option<String> {
    let mut line = Vec::new();
    let limited = &mut (&mut *conn).take(MAX_HEAD as u64);
    limited.read_until(b'\n', &mut line).await.ok()?;
    let line = String::from_utf8(line).ok()?;
    Some(line.strip_suffix('\n')?.trim_end_matches('\r').to_string())
}

/// Appends exactly `len` bytes from `conn` to `body`.
async fn read_body(conn: &mut Conn, body: &mut Vec<u8>, len: usize) -> Option<()> {
    let start = body.len();
    if start.saturating_add(len) > MAX_BODY {
        return None;
    }
    body.resize(start + len, 0);
    conn.read_exact(&mut body[start..]).await.ok().map(drop)
}

/// Reads one request; `None` on EOF or malformed input. The flag says whether to keep alive.
async fn read_request(conn: &mut Conn) -> Option<(Request, bool)> {
    let mut request_line = read_line(conn).await?;
    while request_line.is_empty() {
        request_line = read_line(conn).await?;
    }
    let mut parts = request_line.split(' ');
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    let valid_version = version == "HTTP/1.1" || version == "HTTP/1.0";
    if parts.next().is_some() || method.is_empty() || target.is_empty() || !valid_version {
        return None;
    }
    let mut headers = Vec::new();
    let mut head_len = request_line.len();
    loop {
        let line = read_line(conn).await?;
        if line.is_empty() {
            break;
        }
        head_len += line.len();
        let (name, value) = line.split_once(':')?;
        if head_len > MAX_HEAD || name.is_empty() || name.contains([' ', '\t']) {
            return None;
        }
        headers.push((name.to_ascii_lowercase(), value.trim().to_string()));
    }
    let mut body = Vec::new();
    if has_token(&headers, "transfer-encoding", "chunked") {
        loop {
            let line = read_line(conn).await?;
            let size = line.split(';').next()?.trim();
            let size = usize::from_str_radix(size, 16).ok()?;
            if size == 0 {
                break;
            }
            read_body(conn, &mut body, size).await?;
            if !read_line(conn).await?.is_empty() {
                return None;
            }
        }
        while !read_line(conn).await?.is_empty() {} // trailers
    } else if let Some(len) = header_value(&headers, "content-length") {
        read_body(conn, &mut body, len.parse().ok()?).await?;
    }
    let keep_alive = version == "HTTP/1.1" && !has_token(&headers, "connection", "close");
    let (path, raw_query) = target.split_once('?').unwrap_or((target, ""));
    let request = Request {
        method: method.to_string(),
        path: path.to_string(),
        query: parse_query(raw_query),
        raw_target: target.to_string(),
        headers,
        body,
    };
    Some((request, keep_alive))
}

/// Writes `reply`, applying its fault; returns whether the connection may be reused.
async fn write_reply(stream: &mut TcpStream, reply: &Reply) -> bool {
    match reply.fault {
        Some(Fault::Stall) => std::future::pending().await,
        Some(Fault::CloseWithoutResponse) => false,
        Some(Fault::TruncateBodyAt(_)) => {
            let _ = send(stream, reply).await;
            let _ = stream.shutdown().await;
            false
        }
        None => {
            send(stream, reply).await.is_ok() && !has_token(&reply.headers, "connection", "close")
        }
    }
}

/// Writes head and body. With `TruncateBodyAt(n)` it stops after `n` body bytes and never
/// sends the terminating zero-size chunk of a chunked body.
async fn send(stream: &mut TcpStream, reply: &Reply) -> std::io::Result<()> {
    let chunked = has_token(&reply.headers, "transfer-encoding", "chunked");
    let no_body = matches!(reply.status, 100..=199 | 204 | 304);
    let bytes = || {
        reply.body.iter().filter_map(|part| match part {
            BodyPart::Bytes(bytes) => Some(bytes),
            BodyPart::Pause(_) => None,
        })
    };
    let total: usize = bytes().map(Vec::len).sum();
    let mut head = format!("HTTP/1.1 {} {}\r\n", reply.status, reason(reply.status));
    for (name, value) in &reply.headers {
        let _ = write!(head, "{name}: {value}\r\n");
    }
    if !chunked && !no_body && header_value(&reply.headers, "content-length").is_none() {
        let _ = write!(head, "content-length: {total}\r\n");
    }
    stream.write_all(format!("{head}\r\n").as_bytes()).await?;
    stream.flush().await?;
    if no_body {
        return Ok(());
    }
    let limit = match reply.fault {
        Some(Fault::TruncateBodyAt(n)) => Some(n),
        _ => None,
    };
    let mut budget = limit.unwrap_or(usize::MAX);
    for part in &reply.body {
        match part {
            BodyPart::Pause(duration) => tokio::time::sleep(*duration).await,
            BodyPart::Bytes(bytes) if bytes.is_empty() => {} // an empty chunk would end the body
            BodyPart::Bytes(_) if budget == 0 => break,
            BodyPart::Bytes(bytes) => {
                let n = bytes.len().min(budget);
                budget -= n;
                if chunked {
                    let size_line = format!("{:x}\r\n", bytes.len());
                    stream.write_all(size_line.as_bytes()).await?;
                }
                stream.write_all(&bytes[..n]).await?;
                if n < bytes.len() {
                    break;
                }
                if chunked {
                    stream.write_all(b"\r\n").await?;
                }
                stream.flush().await?;
            }
        }
    }
    if chunked && limit.is_none() {
        stream.write_all(b"0\r\n\r\n").await?;
    }
    stream.flush().await
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        404 => "Not Found",
        500 => "Internal Server Error",
        _ => "Status", // clients ignore the reason phrase
    }
}

fn header_value<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    let mut matching = headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name));
    matching.next().map(|(_, v)| v.as_str())
}

/// Whether any `name` header lists `token` (comma-separated, case-insensitive).
fn has_token(headers: &[(String, String)], name: &str, token: &str) -> bool {
    (headers.iter())
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .any(|(_, v)| v.split(',').any(|t| t.trim().eq_ignore_ascii_case(token)))
}

fn parse_query(raw: &str) -> Vec<(String, String)> {
    (raw.split('&').filter(|pair| !pair.is_empty()))
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), decode(value))
        })
        .collect()
}

/// Decodes `%XX` escapes and `+` (as space); invalid escapes are kept literally.
fn decode(s: &str) -> String {
    let hex = |b: Option<&u8>| b.and_then(|b| (*b as char).to_digit(16));
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], hex(bytes.get(i + 1)), hex(bytes.get(i + 2))) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
            (b'+', _, _) => out.push(b' '),
            (b, _, _) => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::time::Instant;

    /// Sends `raw` on a new connection and reads until the server closes it.
    async fn exchange(server: &TestServer, raw: &str) -> String {
        let addr = server.url().replace("http://", "");
        let mut stream = TcpStream::connect(addr).await.unwrap();
        stream.write_all(raw.as_bytes()).await.unwrap();
        let mut out = Vec::new();
        stream.read_to_end(&mut out).await.unwrap();
        String::from_utf8(out).unwrap()
    }

    #[tokio::test]
    async fn get_with_query_decoding() {
        let server = TestServer::start(|_, i| Reply::json(200, &json!({ "index": i }))).await;
        let target = "/items/a%20b?q=hello+world&tag=x&tag=y%2Fz&flag";
        let raw = format!("GET {target} HTTP/1.1\r\nX-Custom: Yes\r\nConnection: close\r\n\r\n");
        let response = exchange(&server, &raw).await;
        assert!(response.starts_with("HTTP/1.1 200 OK\r\n"), "{response}");
        assert!(
            response.contains("content-type: application/json\r\n"),
            "{response}"
        );
        assert!(
            response.ends_with("content-length: 11\r\n\r\n{\"index\":0}"),
            "{response}"
        );
        let req = &server.requests()[0];
        assert_eq!(
            (req.method.as_str(), req.path.as_str()),
            ("GET", "/items/a%20b")
        );
        assert_eq!(req.raw_target, target);
        assert_eq!(req.query_value("q"), Some("hello world"));
        assert_eq!(req.query_values("tag"), ["x", "y/z"]);
        assert_eq!(req.query_value("flag"), Some(""));
        assert_eq!(req.header("X-CUSTOM"), Some("Yes"));
        assert_eq!(req.headers[0].0, "x-custom");
    }

    #[tokio::test]
    async fn post_json_keep_alive_and_chunked_request_body() {
        let server = TestServer::start(|req, _| Reply::json(201, &req.body_json())).await;
        let raw = "POST /pets HTTP/1.1\r\nContent-Type: application/json\r\n\
                   Content-Length: 12\r\n\r\n{\"name\":\"a\"}\
                   POST /pets HTTP/1.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n\
                   5\r\n{\"n\":\r\n2;ext=1\r\n2}\r\n0\r\n\r\n";
        let response = exchange(&server, raw).await;
        assert_eq!(
            response.matches("HTTP/1.1 201 Created\r\n").count(),
            2,
            "{response}"
        );
        let reqs = server.requests();
        assert_eq!(reqs[0].body_json(), json!({ "name": "a" }));
        assert_eq!(reqs[0].header("content-type"), Some("application/json"));
        assert_eq!(reqs[1].body_text(), r#"{"n":2}"#);
    }

    #[tokio::test]
    async fn chunked_reply_with_pause() {
        let pause = Duration::from_millis(300);
        let parts = vec![
            BodyPart::Bytes(b"data: 1\n\n".to_vec()),
            BodyPart::Pause(pause),
            BodyPart::Bytes(b"data: 2\n\n".to_vec()),
        ];
        let reply = Reply::chunks(200, "text/event-stream", parts);
        let server = TestServer::scripted(vec![reply]).await;
        let mut stream = TcpStream::connect(server.url().replace("http://", ""))
            .await
            .unwrap();
        let start = Instant::now();
        stream
            .write_all(b"GET /events HTTP/1.1\r\n\r\n")
            .await
            .unwrap();
        let mut out = Vec::new();
        let mut read_until = async |suffix: &[u8]| {
            while !out.ends_with(suffix) {
                let mut buf = [0u8; 1024];
                let n = stream.read(&mut buf).await.unwrap();
                assert!(n > 0, "connection closed early");
                out.extend_from_slice(&buf[..n]);
            }
        };
        read_until(b"data: 1\n\n\r\n").await;
        assert!(
            start.elapsed() < pause,
            "first chunk must arrive before the pause"
        );
        read_until(b"\r\n0\r\n\r\n").await; // the connection stays open (keep-alive)
        assert!(start.elapsed() >= pause);
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("transfer-encoding: chunked\r\n") && !text.contains("content-length")
        );
        assert!(text.ends_with("\r\n\r\n9\r\ndata: 1\n\n\r\n9\r\ndata: 2\n\n\r\n0\r\n\r\n"));
    }

    #[tokio::test]
    async fn truncated_body_close_and_stall() {
        let server = TestServer::scripted(vec![
            Reply::text(200, "text/plain", "0123456789").fault(Fault::TruncateBodyAt(4)),
            Reply::empty(200).fault(Fault::CloseWithoutResponse),
            Reply::empty(200).fault(Fault::Stall),
        ])
        .await;
        let response = exchange(&server, "GET /a HTTP/1.1\r\n\r\n").await;
        assert!(
            response.ends_with("content-length: 10\r\n\r\n0123"),
            "{response}"
        );
        assert_eq!(exchange(&server, "GET /b HTTP/1.1\r\n\r\n").await, "");
        let mut stalled = TcpStream::connect(server.url().replace("http://", ""))
            .await
            .unwrap();
        stalled.write_all(b"GET /c HTTP/1.1\r\n\r\n").await.unwrap();
        let mut buf = [0u8; 16];
        let res = tokio::time::timeout(Duration::from_millis(200), stalled.read(&mut buf)).await;
        assert!(res.is_err(), "stalled request must not be answered");
        let paths: Vec<_> = server.requests().into_iter().map(|r| r.path).collect();
        assert_eq!(paths, ["/a", "/b", "/c"]);
        drop(server);
        let res = tokio::time::timeout(Duration::from_secs(5), stalled.read(&mut buf)).await;
        assert!(
            matches!(res, Ok(Ok(0) | Err(_))),
            "drop must close stalled connections"
        );
    }

    #[tokio::test]
    async fn scripted_exhaustion_and_malformed_request() {
        let server = TestServer::scripted(vec![Reply::empty(204)]).await;
        let response = exchange(&server, "DELETE /x HTTP/1.1\r\nConnection: close\r\n\r\n").await;
        assert_eq!(response, "HTTP/1.1 204 No Content\r\n\r\n");
        assert_eq!(exchange(&server, "garbage\r\n\r\n").await, "");
        let response = exchange(&server, "GET /y HTTP/1.1\r\nConnection: close\r\n\r\n").await;
        assert!(response.starts_with("HTTP/1.1 500"), "{response}");
        assert!(
            response.ends_with("\r\n\r\ntest server: script exhausted"),
            "{response}"
        );
        assert_eq!(server.requests().len(), 2);
    }
}
