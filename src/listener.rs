//! The loopback redirect listener of `otok authorize`. Anyone on the machine can reach a
//! loopback port, so the listener trusts no request until it has shown that it answers this
//! flow, and lets no client hold it up:
//!
//! - Only a `GET` of the redirect path carrying exactly one `state`, equal to this flow's, is
//!   handed over (to be checked again and answered by the flow). A request to the redirect path
//!   with another `state`, none, or several — `error=` redirects included — gets a fixed 400
//!   page that reflects nothing of the request and is otherwise ignored: the flow keeps
//!   waiting, and only `--timeout` ends it. Other paths (`/favicon.ico`, a port scanner) get a
//!   404.
//! - Each connection is served on a thread of its own, and must deliver its request line and
//!   headers (at most [`MAX_REQUEST`] bytes) within [`REQUEST_DEADLINE`] of being accepted,
//!   however it trickles them; at most [`MAX_CONNECTIONS`] are served at once, and when all are
//!   taken a new connection takes the place of the oldest one still sending its request. A
//!   slow, idle or hoarding client cannot delay or shut out the browser's redirect.
//! - Where it listens follows the redirect URI: `127.0.0.1` alone by default and for
//!   `http://127.0.0.1:PORT/…`, `[::1]` alone for `http://[::1]:PORT/…`, and both for
//!   `http://localhost:PORT/…`, since a browser may resolve `localhost` to either. If another
//!   program already holds one of those addresses on the port, otok refuses to start rather
//!   than leave it a chance to receive the authorization code, and suggests the IP literal
//!   that RFC 8252 §8.3 recommends. A machine without an IPv6 loopback cannot be reached on
//!   `[::1]` by anyone, so there `localhost` is served on 127.0.0.1 alone.
//! - After the first redirect of this flow, the sockets are closed: a second one finds no one.

use std::collections::VecDeque;
use std::io::{ErrorKind, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::Result;

use crate::error;

/// How long a connection has, from being accepted, to send its whole request line and headers.
pub const REQUEST_DEADLINE: Duration = Duration::from_secs(5);
/// The most bytes of request line and headers read (a browser sends well under this, cookies
/// for `localhost` included).
pub const MAX_REQUEST: usize = 16 * 1024;
/// The most connections served at once.
pub const MAX_CONNECTIONS: usize = 64;
/// How long writing a page may take, and how long a closing connection is drained.
const WRITE_TIMEOUT: Duration = Duration::from_secs(5);
const LINGER: Duration = Duration::from_secs(1);
/// How often the accept loop looks for new connections and for the redirect.
const POLL: Duration = Duration::from_millis(10);

/// A request to the redirect path that carries this flow's `state`: its target
/// (`/callback?code=…`), and the connection, to answer once the redirect has been checked.
pub struct Redirect {
    pub target: String,
    pub conn: Option<TcpStream>,
}

/// The host of a loopback redirect URI, which decides the addresses listened on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host {
    Ipv4,
    Ipv6,
    Localhost,
}

pub struct Listener {
    sockets: Vec<TcpListener>,
    path: String,
    pub redirect_uri: String,
}

impl Listener {
    /// Binds 127.0.0.1 on `port` (0: one the OS picks) and makes the redirect URI, or takes
    /// the host, port and path of a given loopback `redirect_uri`.
    pub fn bind(port: u16, redirect_uri: Option<&str>) -> Result<Listener> {
        let (host, port, path) = match redirect_uri {
            Some(uri) => loopback_parts(uri).ok_or_else(|| {
                error::config(format!(
                    "{uri} is not an http:// redirect URI on 127.0.0.1, [::1] or localhost"
                ))
            })?,
            None => (Host::Ipv4, port, "/callback".to_string()),
        };
        let hint = match redirect_uri {
            Some(_) => {
                "stop the program that uses this port, or register a redirect URI with \
                        another port and give it with --redirect-uri"
            }
            None => "choose another --port, or free this one",
        };
        let mut sockets = Vec::new();
        let first = match host {
            Host::Ipv6 => Ipv6Addr::LOCALHOST.into(),
            Host::Ipv4 | Host::Localhost => IpAddr::from(Ipv4Addr::LOCALHOST),
        };
        let socket = TcpListener::bind((first, port)).map_err(|e| {
            let why = match e.kind() {
                ErrorKind::AddrInUse => "another program is listening there".to_string(),
                _ => e.to_string(),
            };
            error::config(format!(
                "cannot listen on {} for the redirect: {why}",
                SocketAddr::new(first, port)
            ))
            .hint(hint)
        })?;
        let port = socket.local_addr()?.port();
        sockets.push(socket);
        if host == Host::Localhost {
            match TcpListener::bind((Ipv6Addr::LOCALHOST, port)) {
                Ok(socket) => sockets.push(socket),
                Err(e) if e.kind() == ErrorKind::AddrInUse => {
                    return Err(error::config(format!(
                        "cannot listen on [::1]:{port} for the redirect: another program is \
                         listening there, and a browser that resolves localhost to ::1 would \
                         give it the authorization code"
                    ))
                    .hint(format!(
                        "use --redirect-uri http://127.0.0.1:{port}{path} (an IP literal, as \
                         RFC 8252 §8.3 recommends, registered with the provider), or stop the \
                         program on [::1]:{port}"
                    ))
                    .into());
                }
                // No IPv6 loopback on this machine: no one can listen on [::1] either.
                Err(_) => {}
            }
        }
        for socket in &sockets {
            socket.set_nonblocking(true)?;
        }
        let redirect_uri = match redirect_uri {
            Some(uri) => uri.to_string(),
            None => format!("http://127.0.0.1:{port}{path}"),
        };
        Ok(Listener {
            sockets,
            path,
            redirect_uri,
        })
    }

    /// Serves until the first request to the redirect path that carries `state`, which goes to
    /// `tx`; then closes the sockets, so a second redirect finds no one.
    pub fn serve(self, state: String, tx: Sender<Redirect>) {
        let shared = Arc::new(Shared {
            path: self.path,
            state,
            live: AtomicUsize::new(0),
            told: AtomicBool::new(false),
            waiting: Mutex::new(VecDeque::new()),
            next_id: AtomicU64::new(0),
        });
        let (found_tx, found_rx) = mpsc::channel::<Redirect>();
        loop {
            for socket in &self.sockets {
                while let Ok((conn, _)) = socket.accept() {
                    if shared.live.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS
                        && !shared.evict_the_oldest_waiting()
                    {
                        shared.live.fetch_sub(1, Ordering::SeqCst);
                        continue;
                    }
                    let slot = Slot(shared.clone());
                    let found = found_tx.clone();
                    // A thread that cannot be started drops its connection (and its slot).
                    let _ = thread::Builder::new()
                        .name("otok-redirect".into())
                        .spawn(move || handle(conn, &slot.0, &found));
                }
            }
            match found_rx.recv_timeout(POLL) {
                Ok(redirect) => {
                    drop(self.sockets);
                    let _ = tx.send(redirect);
                    return;
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
    }
}

/// What the connection threads share.
struct Shared {
    path: String,
    state: String,
    /// Connections being served.
    live: AtomicUsize,
    /// Whether the terminal was told that a request was ignored.
    told: AtomicBool,
    /// The connections that have not yet sent their whole request, oldest first.
    waiting: Mutex<VecDeque<(u64, TcpStream)>>,
    next_id: AtomicU64,
}

impl Shared {
    /// When every place is taken, the oldest connection still sending its request gives its
    /// place up: clients that hold connections open cannot shut the browser out, since its
    /// request arrives at once and it is never the oldest one waiting for long. False when no
    /// connection is waiting (all are being answered).
    fn evict_the_oldest_waiting(&self) -> bool {
        let oldest = self
            .waiting
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .pop_front();
        match oldest {
            Some((_, conn)) => {
                let _ = conn.shutdown(Shutdown::Both);
                true
            }
            None => false,
        }
    }

    /// Notes `conn` as waiting for its request; the id takes it off again.
    fn wait(&self, conn: &TcpStream) -> Option<u64> {
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        let clone = conn.try_clone().ok()?;
        self.waiting
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push_back((id, clone));
        Some(id)
    }

    fn done_waiting(&self, id: Option<u64>) {
        if let Some(id) = id {
            self.waiting
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .retain(|(i, _)| *i != id);
        }
    }
}

/// One of the [`MAX_CONNECTIONS`] places, given back when its thread ends.
struct Slot(Arc<Shared>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.live.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Serves one connection: reads its request within the deadline, hands a redirect of this
/// flow to `found`, and answers anything else itself.
fn handle(mut conn: TcpStream, shared: &Shared, found: &Sender<Redirect>) {
    let deadline = Instant::now() + REQUEST_DEADLINE;
    if conn.set_nonblocking(false).is_err() || conn.set_write_timeout(Some(WRITE_TIMEOUT)).is_err()
    {
        return;
    }
    let waiting = shared.wait(&conn);
    let head = read_head(&mut conn, deadline);
    shared.done_waiting(waiting);
    let head = match head {
        Ok(head) => head,
        Err(Cut::Closed) => return,
        Err(Cut::Slow) => {
            return answer(
                conn,
                408,
                "Request timeout",
                "The request did not arrive in time.",
            )
        }
        Err(Cut::TooLarge) => {
            return answer(
                conn,
                431,
                "Request too large",
                "otok does not read requests this large.",
            )
        }
    };
    let Some(target) = get_target(&head) else {
        return answer(
            conn,
            400,
            "Bad request",
            "otok could not read this request.",
        );
    };
    match verdict(&target, &shared.path, &shared.state) {
        Verdict::Elsewhere => answer(conn, 404, "Not found", "Nothing here."),
        Verdict::NotThisFlow => {
            if !shared.told.swap(true, Ordering::SeqCst) {
                eprintln!(
                    "otok: ignored a request to the redirect URI that does not carry this \
                     flow's state (from an older authorization, or another program); still \
                     waiting"
                );
            }
            answer(
                conn,
                400,
                "Not this authorization",
                "This request does not answer the authorization otok is waiting for, so otok \
                 ignored it. If the provider sent you here, finish the authorization in the tab \
                 that the latest `otok authorize` opened.",
            )
        }
        Verdict::Ours => {
            let redirect = Redirect {
                target,
                conn: Some(conn),
            };
            // The flow has already taken a redirect: this one is too late.
            if let Err(mpsc::SendError(late)) = found.send(redirect) {
                if let Some(conn) = late.conn {
                    answer(
                        conn,
                        400,
                        "Already answered",
                        "otok has already received an authorization. Return to the terminal.",
                    );
                }
            }
        }
    }
}

/// Why a request was not read.
#[derive(Debug, PartialEq)]
enum Cut {
    /// The client closed the connection, or it failed.
    Closed,
    /// The deadline passed before the headers ended.
    Slow,
    /// The request line and headers are longer than [`MAX_REQUEST`].
    TooLarge,
}

/// The request line and headers, up to the empty line that ends them, read before `deadline`.
fn read_head(conn: &mut impl Timed, deadline: Instant) -> Result<Vec<u8>, Cut> {
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 4096];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Cut::Slow);
        }
        conn.set_timeout(left).map_err(|_| Cut::Closed)?;
        let n = match conn.read(&mut buf) {
            Ok(0) => return Err(Cut::Closed),
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return Err(Cut::Slow)
            }
            Err(_) => return Err(Cut::Closed),
        };
        // The end may straddle two reads: look again from a little before the new bytes.
        let from = head.len().saturating_sub(3);
        head.extend_from_slice(&buf[..n]);
        if let Some(end) = head_end(&head[from..]).map(|end| from + end) {
            if end > MAX_REQUEST {
                return Err(Cut::TooLarge);
            }
            head.truncate(end);
            return Ok(head);
        }
        if head.len() > MAX_REQUEST {
            return Err(Cut::TooLarge);
        }
    }
}

/// A stream whose reads can be given a timeout (a [`TcpStream`]; a fake one in the tests).
trait Timed: Read {
    fn set_timeout(&mut self, timeout: Duration) -> std::io::Result<()>;
}

impl Timed for TcpStream {
    fn set_timeout(&mut self, timeout: Duration) -> std::io::Result<()> {
        self.set_read_timeout(Some(timeout))
    }
}

/// Where the empty line that ends the headers starts (after `\r\n\r\n`, or a bare `\n\n`).
fn head_end(bytes: &[u8]) -> Option<usize> {
    (0..bytes.len()).find_map(|i| {
        let rest = &bytes[i..];
        if rest.starts_with(b"\n\n") {
            Some(i + 2)
        } else if rest.starts_with(b"\n\r\n") {
            Some(i + 3)
        } else {
            None
        }
    })
}

/// The target of a `GET` request in origin form (`/path?query`), from its request line.
fn get_target(head: &[u8]) -> Option<String> {
    let line = head.split(|&b| b == b'\n').next()?;
    let line = std::str::from_utf8(line).ok()?.trim_end_matches('\r');
    let mut words = line.split(' ');
    let (method, target, version) = (words.next()?, words.next()?, words.next()?);
    let well_formed = words.next().is_none()
        && method == "GET"
        && target.starts_with('/')
        && version.starts_with("HTTP/1.");
    well_formed.then(|| target.to_string())
}

/// What a request to the listener is.
#[derive(Debug, PartialEq)]
enum Verdict {
    /// Not the redirect path.
    Elsewhere,
    /// The redirect path, without exactly one `state` equal to this flow's.
    NotThisFlow,
    /// The redirect of this flow (its other parameters are checked by the flow).
    Ours,
}

fn verdict(target: &str, path: &str, state: &str) -> Verdict {
    let (target_path, query) = target.split_once('?').unwrap_or((target, ""));
    if target_path != path {
        return Verdict::Elsewhere;
    }
    let query = query.split('#').next().unwrap_or_default();
    let mut states = form_urlencoded::parse(query.as_bytes())
        .filter(|(key, _)| key == "state")
        .map(|(_, value)| value);
    match (states.next(), states.next()) {
        (Some(got), None) if same(got.as_bytes(), state.as_bytes()) => Verdict::Ours,
        _ => Verdict::NotThisFlow,
    }
}

/// Compares in a time that does not tell how much of `a` matched.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Whether `uri` is `http://127.0.0.1[:port]/path`, `http://[::1]…` or `http://localhost…`: its
/// host, port and path.
pub fn loopback_parts(uri: &str) -> Option<(Host, u16, String)> {
    let rest = uri.strip_prefix("http://")?;
    let (authority, path) = rest.split_at(rest.find(['/', '?', '#']).unwrap_or(rest.len()));
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) if !port.contains(']') => (host, port.parse().ok()?),
        _ => (authority, 80),
    };
    let host = match host {
        "127.0.0.1" => Host::Ipv4,
        "[::1]" => Host::Ipv6,
        _ if host.eq_ignore_ascii_case("localhost") => Host::Localhost,
        _ => return None,
    };
    let path = path.split(['?', '#']).next().unwrap_or_default();
    Some((
        host,
        port,
        if path.is_empty() {
            "/".into()
        } else {
            path.into()
        },
    ))
}

/// Answers with a page, and closes the connection gently (see [`linger`]).
fn answer(mut conn: TcpStream, status: u16, title: &str, message: &str) {
    respond(&mut conn, status, title, message);
    linger(conn);
}

/// Answers the browser with a small page. The connection closes when it is dropped.
pub fn respond(conn: &mut TcpStream, status: u16, title: &str, message: &str) {
    let title = escape(title);
    let body = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>otok: {title}</title></head>\
         <body style=\"font-family:sans-serif;margin:3em\"><h1>{title}</h1><p>{}</p></body></html>\n",
        escape(message)
    );
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        _ => "Bad Request",
    };
    let _ = write!(
        conn,
        "HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\n\
         Content-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = conn.flush();
}

/// Ends the answer, then reads (a little, briefly) what the client still sends: closing a
/// socket with unread bytes resets the connection, and the client may lose the page.
fn linger(mut conn: TcpStream) {
    let _ = conn.shutdown(Shutdown::Write);
    let until = Instant::now() + LINGER;
    let mut buf = [0u8; 4096];
    let mut drained = 0;
    while drained < 4 * MAX_REQUEST {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() || conn.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match conn.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => drained += n,
        }
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_redirect_uris() {
        assert_eq!(
            loopback_parts("http://127.0.0.1:8765/cb"),
            Some((Host::Ipv4, 8765, "/cb".into()))
        );
        assert_eq!(
            loopback_parts("http://localhost:9/"),
            Some((Host::Localhost, 9, "/".into()))
        );
        assert_eq!(
            loopback_parts("http://LocalHost:9/cb?x=1"),
            Some((Host::Localhost, 9, "/cb".into()))
        );
        assert_eq!(
            loopback_parts("http://localhost"),
            Some((Host::Localhost, 80, "/".into()))
        );
        assert_eq!(
            loopback_parts("http://[::1]:7/cb"),
            Some((Host::Ipv6, 7, "/cb".into()))
        );
        assert_eq!(
            loopback_parts("http://[::1]/cb"),
            Some((Host::Ipv6, 80, "/cb".into()))
        );
        assert_eq!(loopback_parts("https://127.0.0.1:1/cb"), None);
        assert_eq!(loopback_parts("http://example.com:1/cb"), None);
        assert_eq!(loopback_parts("http://localhost.example.com:1/cb"), None);
        assert_eq!(loopback_parts("http://127.0.0.1:99999/cb"), None);
        assert_eq!(loopback_parts("com.example.app://callback"), None);
    }

    #[test]
    fn only_one_state_equal_to_this_flows_makes_the_redirect() {
        let v = |target| verdict(target, "/callback", "s3cr3t");
        assert_eq!(v("/callback?code=c&state=s3cr3t"), Verdict::Ours);
        assert_eq!(
            v("/callback?state=s3cr3t&error=access_denied"),
            Verdict::Ours
        );
        assert_eq!(v("/callback?state=s3cr%33t"), Verdict::Ours);
        for target in [
            "/callback",
            "/callback?",
            "/callback?code=c",
            "/callback?code=c&state=",
            "/callback?code=c&state=other",
            "/callback?code=c&state=s3cr3",
            "/callback?code=c&state=s3cr3tt",
            "/callback?code=c&state=s3cr3t&state=s3cr3t",
            "/callback?code=c&state=s3cr3t&state=other",
            "/callback?error=access_denied&error_description=no",
            "/callback?error=access_denied&state=forged",
            "/callback?STATE=s3cr3t",
        ] {
            assert_eq!(v(target), Verdict::NotThisFlow, "{target}");
        }
        for target in [
            "/favicon.ico",
            "/callback/?state=s3cr3t",
            "/CALLBACK?state=s3cr3t",
            "/callbackx?state=s3cr3t",
            "/",
        ] {
            assert_eq!(v(target), Verdict::Elsewhere, "{target}");
        }
    }

    #[test]
    fn request_lines() {
        assert_eq!(
            get_target(b"GET /callback?code=1 HTTP/1.1\r\nHost: x"),
            Some("/callback?code=1".into())
        );
        assert_eq!(get_target(b"GET / HTTP/1.0"), Some("/".into()));
        for line in [
            &b"POST /callback HTTP/1.1"[..],
            b"GET /callback",
            b"GET  /callback HTTP/1.1",
            b"GET /callback HTTP/1.1 extra",
            b"GET http://127.0.0.1/callback HTTP/1.1",
            b"GET /callback SSH-2.0",
            b"GET /\xff HTTP/1.1",
            b"",
        ] {
            assert_eq!(get_target(line), None, "{}", String::from_utf8_lossy(line));
        }
    }

    /// Bytes that arrive in the given pieces, then nothing (a read times out) or the end.
    struct Pieces(Vec<Vec<u8>>, bool);

    impl Read for Pieces {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.0.is_empty() {
                return match self.1 {
                    true => Err(ErrorKind::WouldBlock.into()),
                    false => Ok(0),
                };
            }
            let piece = self.0.remove(0);
            let n = piece.len().min(buf.len());
            buf[..n].copy_from_slice(&piece[..n]);
            if n < piece.len() {
                self.0.insert(0, piece[n..].to_vec());
            }
            Ok(n)
        }
    }

    impl Timed for Pieces {
        fn set_timeout(&mut self, _: Duration) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn head(pieces: &[&[u8]], stalls: bool) -> Result<Vec<u8>, Cut> {
        let mut conn = Pieces(pieces.iter().map(|p| p.to_vec()).collect(), stalls);
        read_head(&mut conn, Instant::now() + Duration::from_secs(60))
    }

    #[test]
    fn the_head_ends_at_the_empty_line_even_across_reads() {
        let whole = b"GET /cb HTTP/1.1\r\nHost: x\r\n\r\n";
        assert_eq!(head(&[whole], true).unwrap(), whole);
        assert_eq!(
            head(
                &[b"GET /cb HTTP/1.1\r\nHost: x\r", b"\n", b"\r", b"\nignored"],
                true
            )
            .unwrap(),
            whole
        );
        assert_eq!(
            head(&[b"GET /cb HTTP/1.1\nHost: x\n\n"], true).unwrap(),
            b"GET /cb HTTP/1.1\nHost: x\n\n"
        );
    }

    #[test]
    fn a_head_cut_short_too_slow_or_too_large_is_not_read() {
        assert_eq!(head(&[b"GET /cb HTTP/1.1\r\n"], false), Err(Cut::Closed));
        assert_eq!(head(&[b"GET /cb HTTP/1.1\r\n"], true), Err(Cut::Slow));
        let big = format!("GET /cb HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(MAX_REQUEST));
        assert_eq!(head(&[big.as_bytes()], true), Err(Cut::TooLarge));
        let endless = vec![b'a'; 1000];
        let pieces: Vec<&[u8]> = (0..20).map(|_| &endless[..]).collect();
        assert_eq!(head(&pieces, true), Err(Cut::TooLarge));
    }

    #[test]
    fn equal_states() {
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abc", b"abd"));
        assert!(!same(b"abc", b"ab"));
        assert!(same(b"", b""));
    }

    #[test]
    fn pages_escape_what_they_show() {
        assert_eq!(escape("<script>&\""), "&lt;script&gt;&amp;&quot;");
    }
}
