//! A loopback HTTP/1.1 server for the tests: it records every request and answers with a
//! handler, one request per connection. A server that was never called fails its test when it
//! is dropped (a test whose requests went elsewhere proves nothing), unless the test said that
//! it expects no request or that the server may go unused.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use base64::Engine;
use serde_json::Value;

#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    /// The raw query string, without `?`.
    pub query: String,
    /// Names lower-cased.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The DER of the certificate the client presented in the TLS handshake
    /// ([`Server::start_mtls`] only).
    pub peer_certificate: Option<Vec<u8>>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn content_type(&self) -> &str {
        self.header("content-type").unwrap_or("")
    }

    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The form body as a map; a repeated key is an error.
    pub fn form(&self) -> Result<BTreeMap<String, String>, String> {
        let mut map = BTreeMap::new();
        for (k, v) in form_urlencoded::parse(&self.body) {
            if map.insert(k.to_string(), v.to_string()).is_some() {
                return Err(format!("parameter {k} appears twice"));
            }
        }
        Ok(map)
    }

    pub fn json(&self) -> Result<serde_json::Map<String, Value>, String> {
        match serde_json::from_slice(&self.body) {
            Ok(Value::Object(map)) => Ok(map),
            _ => Err(format!("body is not a JSON object: {}", self.body_text())),
        }
    }

    /// The Basic credentials, decoded exactly as they were sent (no URL-decoding).
    pub fn basic_raw(&self) -> Option<String> {
        let value = self.header("authorization")?.strip_prefix("Basic ")?;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(value)
            .ok()?;
        String::from_utf8(bytes).ok()
    }
}

pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub delay: Duration,
    pub wire: Wire,
}

/// How a reply goes on the wire: normally, or as a hostile server would send it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Wire {
    Normal,
    /// One byte at a time, with this pause between bytes.
    Trickle(Duration),
    /// The status line and headers, then silence until the client gives up.
    StallAfterHeaders,
    /// The connection closed without a byte of answer.
    Close,
    /// The body is sent as it is, with no status line or headers (not HTTP at all).
    Bare,
    /// The headers promise more body than is sent before the connection closes.
    Truncated,
}

impl Reply {
    pub fn json(status: u16, body: Value) -> Reply {
        Reply::raw(status, "application/json", body.to_string())
    }

    pub fn raw(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
            delay: Duration::ZERO,
            wire: Wire::Normal,
        }
    }

    pub fn wire(mut self, wire: Wire) -> Reply {
        self.wire = wire;
        self
    }

    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn after(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
}

type Handler = dyn Fn(&Recorded) -> Reply + Send + Sync;

/// What a server checks about its requests when it is dropped.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    AtLeastOne,
    None,
    Anything,
}

pub struct Server {
    pub url: String,
    log: Arc<Mutex<Vec<Recorded>>>,
    addr: SocketAddr,
    stopped: Arc<AtomicBool>,
    /// The accept thread, until [`Server::stop`] has joined it.
    accepting: Mutex<Option<JoinHandle<()>>>,
    expect: Expect,
}

impl Server {
    pub fn start(handler: impl Fn(&Recorded) -> Reply + Send + Sync + 'static) -> Server {
        Server::listen("http", handler, |stream| Ok((Box::new(stream), None)))
    }

    /// An https server whose certificate (for 127.0.0.1 and localhost) is issued by a CA of
    /// its own; returns the CA certificate (PEM) beside the server.
    pub fn start_tls(
        handler: impl Fn(&Recorded) -> Reply + Send + Sync + 'static,
    ) -> (Server, String) {
        use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
        let leaf_key = KeyPair::generate().unwrap();
        let leaf = CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()])
            .unwrap()
            .signed_by(&leaf_key, &ca)
            .unwrap();
        let key = rustls::pki_types::PrivateKeyDer::try_from(leaf_key.serialize_der()).unwrap();
        let config = Arc::new(
            rustls::ServerConfig::builder_with_provider(Arc::new(
                rustls::crypto::ring::default_provider(),
            ))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(vec![leaf.der().clone()], key)
            .unwrap(),
        );
        let server = Server::listen("https", handler, move |stream| {
            let conn =
                rustls::ServerConnection::new(config.clone()).map_err(std::io::Error::other)?;
            Ok((Box::new(rustls::StreamOwned::new(conn, stream)), None))
        });
        (server, ca.pem())
    }

    /// An https server that asks every client for a certificate, as an RFC 8705 authorization
    /// server does, and records the one presented (`Recorded::peer_certificate`). Its own
    /// certificate is `tests/keys/server.pem`, issued by `tests/keys/ca.pem` (the client's
    /// `--ca-cert`). The handshake takes any client certificate, or none, once the client has
    /// shown that it holds the certificate's key: which certificate is acceptable is for the
    /// handler to say, as it is for a server that takes self-signed certificates.
    pub fn start_mtls(handler: impl Fn(&Recorded) -> Reply + Send + Sync + 'static) -> Server {
        use rustls::pki_types::pem::PemObject;
        use rustls::pki_types::{CertificateDer, PrivateKeyDer};
        let keys = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/keys");
        let chain = vec![CertificateDer::from_pem_file(keys.join("server.pem")).unwrap()];
        let key = PrivateKeyDer::from_pem_file(keys.join("server.key")).unwrap();
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = Arc::new(
            rustls::ServerConfig::builder_with_provider(provider.clone())
                .with_safe_default_protocol_versions()
                .unwrap()
                .with_client_cert_verifier(Arc::new(AnyClientCertificate(provider)))
                .with_single_cert(chain, key)
                .unwrap(),
        );
        Server::listen("https", handler, move |mut stream| {
            let mut conn =
                rustls::ServerConnection::new(config.clone()).map_err(std::io::Error::other)?;
            // The whole handshake now, so that the certificate is known before the request.
            while conn.is_handshaking() {
                conn.complete_io(&mut stream)?;
            }
            let peer = conn
                .peer_certificates()
                .and_then(|chain| chain.first())
                .map(|cert| cert.to_vec());
            Ok((Box::new(rustls::StreamOwned::new(conn, stream)), peer))
        })
    }

    /// A plain http server on a given port of 127.0.0.1 (to come back where a stopped one was).
    pub fn start_at(
        port: u16,
        handler: impl Fn(&Recorded) -> Reply + Send + Sync + 'static,
    ) -> Server {
        let listener = TcpListener::bind(("127.0.0.1", port)).unwrap();
        Server::serve_on(listener, "http", handler, |stream| {
            Ok((Box::new(stream), None))
        })
    }

    /// A plain http server on a listener of the test's (another address than 127.0.0.1).
    pub fn start_on(
        listener: TcpListener,
        handler: impl Fn(&Recorded) -> Reply + Send + Sync + 'static,
    ) -> Server {
        Server::serve_on(listener, "http", handler, |stream| {
            Ok((Box::new(stream), None))
        })
    }

    fn listen(
        scheme: &str,
        handler: impl Fn(&Recorded) -> Reply + Send + Sync + 'static,
        wrap: impl Fn(TcpStream) -> std::io::Result<Accepted> + Send + Sync + 'static,
    ) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        Server::serve_on(listener, scheme, handler, wrap)
    }

    fn serve_on(
        listener: TcpListener,
        scheme: &str,
        handler: impl Fn(&Recorded) -> Reply + Send + Sync + 'static,
        wrap: impl Fn(TcpStream) -> std::io::Result<Accepted> + Send + Sync + 'static,
    ) -> Server {
        let url = format!("{scheme}://{}", listener.local_addr().unwrap());
        let log = Arc::new(Mutex::new(Vec::new()));
        let stopped = Arc::new(AtomicBool::new(false));
        let handler: Arc<Handler> = Arc::new(handler);
        let wrap = Arc::new(wrap);
        let addr = listener.local_addr().unwrap();
        let (log2, stopped2) = (log.clone(), stopped.clone());
        let accepting = thread::spawn(move || {
            // A blocking accept: `stop` sets the flag and wakes it with a connection of its
            // own; the thread then ends and the listener closes with it.
            for stream in listener.incoming() {
                if stopped2.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (log, handler, wrap) = (log2.clone(), handler.clone(), wrap.clone());
                thread::spawn(move || {
                    stream.set_read_timeout(Some(Duration::from_secs(10))).ok();
                    if let Ok((stream, peer)) = wrap(stream) {
                        serve(stream, peer, &log, &*handler);
                    }
                });
            }
        });
        Server {
            url,
            log,
            addr,
            stopped,
            accepting: Mutex::new(Some(accepting)),
            expect: Expect::AtLeastOne,
        }
    }

    /// The test expects no request: the server fails it, when dropped, if one came.
    pub fn expect_no_requests(mut self) -> Server {
        self.expect = Expect::None;
        self
    }

    /// The test may or may not send a request (a server it needs only as an address, or one
    /// that a failure before any request leaves unused); nothing is checked on drop.
    pub fn may_be_unused(mut self) -> Server {
        self.expect = Expect::Anything;
        self
    }

    /// Closes the port: from now on connections to it are refused. Connections already
    /// accepted are still answered.
    pub fn stop(&self) {
        let Some(accepting) = self.accepting.lock().unwrap().take() else {
            return;
        };
        self.stopped.store(true, Ordering::SeqCst);
        if TcpStream::connect_timeout(&self.addr, Duration::from_secs(5)).is_ok() {
            accepting.join().unwrap();
        }
    }

    pub fn port(&self) -> u16 {
        self.url.rsplit(':').next().unwrap().parse().unwrap()
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.log.lock().unwrap().clone()
    }

    pub fn count(&self) -> usize {
        self.log.lock().unwrap().len()
    }

    /// The one request the server received; fails the test if there were none or several.
    pub fn only(&self) -> Recorded {
        let all = self.requests();
        assert_eq!(all.len(), 1, "expected exactly one request, got {all:#?}");
        all[0].clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
        if thread::panicking() {
            return;
        }
        let count = self.count();
        match self.expect {
            Expect::AtLeastOne => assert!(
                count > 0,
                "the server at {} received no request (if none is expected, say so with \
                 expect_no_requests or may_be_unused)",
                self.url
            ),
            Expect::None => assert_eq!(
                count,
                0,
                "the server at {} expected no request, got {:#?}",
                self.url,
                self.requests()
            ),
            Expect::Anything => {}
        }
    }
}

pub trait Stream: Read + Write + Send {}
impl<T: Read + Write + Send> Stream for T {}

/// An accepted connection, ready for HTTP, and the certificate its client presented.
type Accepted = (Box<dyn Stream>, Option<Vec<u8>>);

/// The client-certificate rule of [`Server::start_mtls`]: a certificate is asked for but not
/// required, any is taken, and the handshake signature is checked with its key.
#[derive(Debug)]
struct AnyClientCertificate(Arc<rustls::crypto::CryptoProvider>);

impl rustls::server::danger::ClientCertVerifier for AnyClientCertificate {
    fn offer_client_auth(&self) -> bool {
        true
    }

    fn client_auth_mandatory(&self) -> bool {
        false
    }

    fn root_hint_subjects(&self) -> &[rustls::DistinguishedName] {
        &[]
    }

    fn verify_client_cert(
        &self,
        _end_entity: &rustls::pki_types::CertificateDer<'_>,
        _intermediates: &[rustls::pki_types::CertificateDer<'_>],
        _now: rustls::pki_types::UnixTime,
    ) -> Result<rustls::server::danger::ClientCertVerified, rustls::Error> {
        Ok(rustls::server::danger::ClientCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

fn serve(
    stream: Box<dyn Stream>,
    peer_certificate: Option<Vec<u8>>,
    log: &Mutex<Vec<Recorded>>,
    handler: &Handler,
) {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let target = parts.next().unwrap_or("").to_string();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" || h == "\n" {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let len = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    reader.read_exact(&mut body).ok();
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_string(), q.to_string()),
        None => (target.clone(), String::new()),
    };
    let req = Recorded {
        method,
        path,
        query,
        headers,
        body,
        peer_certificate,
    };
    log.lock().unwrap().push(req.clone());
    let reply = handler(&req);
    thread::sleep(reply.delay);
    let out = reader.get_mut();
    let promised = match reply.wire {
        Wire::Truncated => reply.body.len() * 2 + 10,
        _ => reply.body.len(),
    };
    let mut head = format!(
        "HTTP/1.1 {} X\r\nContent-Length: {promised}\r\nConnection: close\r\n",
        reply.status,
    );
    for (k, v) in &reply.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(&reply.body);
    match reply.wire {
        Wire::Normal | Wire::Truncated => {
            out.write_all(&bytes).ok();
        }
        Wire::Trickle(pause) => {
            for byte in bytes {
                if out.write_all(&[byte]).and_then(|()| out.flush()).is_err() {
                    break;
                }
                thread::sleep(pause);
            }
        }
        Wire::StallAfterHeaders => {
            let head_len = bytes.len() - reply.body.len();
            out.write_all(&bytes[..head_len]).ok();
            out.flush().ok();
            thread::sleep(Duration::from_secs(30));
        }
        Wire::Close => {}
        Wire::Bare => {
            out.write_all(&reply.body).ok();
        }
    }
    out.flush().ok();
}

/// The server's own rules: what it checks on drop, and that `stop` closes the port.
mod rules {
    use super::*;

    fn ok() -> Reply {
        Reply::raw(200, "text/plain", "ok")
    }

    fn call(server: &Server) {
        let mut stream = TcpStream::connect(server.addr).unwrap();
        stream.write_all(b"GET / HTTP/1.1\r\n\r\n").unwrap();
        stream.read_to_end(&mut Vec::new()).unwrap();
    }

    #[test]
    #[should_panic(expected = "received no request")]
    fn a_server_never_called_fails_the_test() {
        drop(Server::start(|_| ok()));
    }

    #[test]
    #[should_panic(expected = "expected no request")]
    fn a_server_expecting_none_fails_the_test_when_called() {
        let server = Server::start(|_| ok()).expect_no_requests();
        call(&server);
    }

    #[test]
    fn called_as_expected_or_allowed_to_go_unused() {
        call(&Server::start(|_| ok()));
        drop(Server::start(|_| ok()).expect_no_requests());
        drop(Server::start(|_| ok()).may_be_unused());
    }

    #[test]
    fn stop_closes_the_port_and_ends_the_accept_thread() {
        let server = Server::start(|_| ok());
        call(&server);
        server.stop();
        assert!(server.accepting.lock().unwrap().is_none());
        assert!(TcpStream::connect(server.addr).is_err());
        server.stop();
    }
}
