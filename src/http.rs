//! The one HTTP client: ureq with timeouts, bounded retries, no redirects, a size cap, an
//! optional extra root certificate, the standard proxy variables, and the `-v` trace.
//!
//! Requests and responses are plain values ([`Request`], [`Response`]) so that the OAuth code
//! above builds and parses them without sockets. Retries happen only where repeating cannot
//! hurt: a failed connection, 429 and 5xx. A 4xx is never repeated (a wrong Myfox password
//! repeated locks the account).

use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use anyhow::Result;
use ureq::tls::{Certificate, ClientCert, RootCerts, TlsConfig};
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};

use crate::error::{self, Kind};
use crate::trace;

/// Attempts in all for a request that fails in a retryable way.
const MAX_ATTEMPTS: u32 = 3;
/// First backoff; doubled for each further attempt.
const BACKOFF: Duration = Duration::from_millis(500);
/// The longest `Retry-After` otok waits for; a longer one ends the run with the server's answer.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(10);
/// No token, discovery or revocation answer is this large.
const MAX_BODY: u64 = 1024 * 1024;
/// The largest header block of an answer otok reads (servers cap theirs at 8 to 16 KiB).
const MAX_HEADERS: usize = 16 * 1024;
/// What a request is written through: its headers, its body in pieces.
const OUTPUT_BUFFER: usize = 8 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
    Post,
    Put,
    Patch,
    Delete,
    Options,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Head => "HEAD",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
        }
    }

    /// The method of this name (any case), if it is one otok sends.
    pub fn parse(name: &str) -> Option<Method> {
        [
            Method::Get,
            Method::Head,
            Method::Post,
            Method::Put,
            Method::Patch,
            Method::Delete,
            Method::Options,
        ]
        .into_iter()
        .find(|m| m.as_str().eq_ignore_ascii_case(name))
    }

    /// Whether sending it twice does what sending it once does (RFC 9110 §9.2.2).
    fn idempotent(self) -> bool {
        !matches!(self, Method::Post | Method::Patch)
    }
}

/// How much of an answer is read, and which answers are asked again.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// The largest body read; a larger one fails with kind `BadResponse`.
    pub max_body: u64,
    /// Whether a 429 or 5xx answer is asked again (a failed connection always is).
    pub retry_answers: bool,
    /// Whether the `-v` trace shows the answer's body: not when the answer is a secret under
    /// a name the trace's redaction does not know (a CI platform's `{"value": TOKEN}`).
    pub trace_body: bool,
}

impl Policy {
    /// Token, discovery, revocation and introspection requests: small answers, every failure
    /// that may pass asked again.
    pub const OAUTH: Policy = Policy {
        max_body: MAX_BODY,
        retry_answers: true,
        trace_body: true,
    };

    /// [`Policy::OAUTH`] for an answer that is itself a secret: its body is never traced.
    pub const SECRET_ANSWER: Policy = Policy {
        trace_body: false,
        ..Policy::OAUTH
    };

    /// A request to a resource server: answers up to `max_body`, and a 429 or 5xx answer asked
    /// again only when the method is idempotent.
    pub fn resource(method: Method, max_body: u64) -> Policy {
        Policy {
            max_body,
            retry_answers: method.idempotent(),
            trace_body: true,
        }
    }
}

#[derive(Clone)]
pub struct Request {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(String, String)>,
    /// Content type and bytes.
    pub body: Option<(String, Vec<u8>)>,
}

#[derive(Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// The method and URL (secret query parameters redacted), the header names, the body's size:
/// never a credential, a token or a body.
impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("url", &trace::url(&self.url))
            .field("headers", &header_names(&self.headers))
            .field("body_bytes", &self.body.as_ref().map(|(_, b)| b.len()))
            .finish()
    }
}

/// The status, the header names and the body's size: the body may hold tokens.
impl std::fmt::Debug for Response {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &header_names(&self.headers))
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

fn header_names(headers: &[(String, String)]) -> Vec<&str> {
    headers.iter().map(|(name, _)| name.as_str()).collect()
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

pub struct Client {
    /// Through the proxy of the environment (`HTTPS_PROXY`, `ALL_PROXY`, …) when one is set.
    proxied: OnceLock<ureq::Agent>,
    /// Never through a proxy: for loopback targets, whose plain-http requests would hand the
    /// client secret and the password to the proxy in clear.
    direct: OnceLock<ureq::Agent>,
    roots: Option<RootCerts>,
    /// The client's certificate and key, for mutual TLS (RFC 8705).
    client_cert: Option<ClientCert>,
    trace: bool,
    timeout: Duration,
}

impl Client {
    pub fn new(timeout: Duration, ca_cert: Option<&Path>, trace: bool) -> Result<Client> {
        Ok(Client {
            proxied: OnceLock::new(),
            direct: OnceLock::new(),
            roots: ca_cert.map(roots_with).transpose()?,
            client_cert: None,
            trace,
            timeout,
        })
    }

    /// Presents `chain` with the key in `key_pem` to every server that asks for a client
    /// certificate.
    pub fn with_client_cert(
        mut self,
        chain: &[rustls_pki_types::CertificateDer<'static>],
        key_pem: &crate::secret::Secret,
    ) -> Result<Client> {
        let certs: Vec<Certificate<'static>> = chain
            .iter()
            .map(|der| Certificate::from_der(der).to_owned())
            .collect();
        let key = ureq::tls::PrivateKey::from_pem(key_pem.expose().as_bytes()).map_err(|e| {
            error::config(format!(
                "the client certificate's key is not a PEM private key: {e}"
            ))
        })?;
        self.client_cert = Some(ClientCert::new_with_certs(&certs, key));
        Ok(self)
    }

    /// The `x5t#S256` of the client certificate presented, if any.
    pub fn certificate_thumbprint(&self) -> Option<String> {
        let cert = self.client_cert.as_ref()?.certs().first()?;
        Some(crate::jws::sha256_b64(cert.der()))
    }

    /// Whether the `-v` trace is on.
    pub fn tracing(&self) -> bool {
        self.trace
    }

    /// The agent for a request to `host`, made when first needed (most runs need one).
    fn agent(&self, host: &str) -> &ureq::Agent {
        let build = |proxy: Option<ureq::Proxy>| {
            let mut config = ureq::Agent::config_builder()
                .http_status_as_error(false)
                .max_redirects(0)
                .timeout_global(Some(self.timeout))
                .user_agent(concat!("otok/", env!("CARGO_PKG_VERSION")))
                .accept("application/json")
                // ureq zero-fills 128 KiB for each way by default: a third of a cold `otok
                // token`. Headers past 16 KiB are refused; bodies stream through either size.
                .max_response_header_size(MAX_HEADERS)
                .input_buffer_size(MAX_HEADERS)
                .output_buffer_size(OUTPUT_BUFFER)
                .proxy(proxy);
            if self.roots.is_some() || self.client_cert.is_some() {
                let mut tls = TlsConfig::builder().client_cert(self.client_cert.clone());
                if let Some(roots) = &self.roots {
                    tls = tls.root_certs(roots.clone());
                }
                config = config.tls_config(tls.build());
            }
            ureq::Agent::with_parts(
                config.build(),
                DefaultConnector::new(),
                AddressOrLookup::default(),
            )
        };
        if is_loopback(host) {
            self.direct.get_or_init(|| build(None))
        } else {
            self.proxied
                .get_or_init(|| build(ureq::Proxy::try_from_env()))
        }
    }

    /// Sends `req`, retrying connection failures, 429 and 5xx with backoff. The last response
    /// is returned whatever its status; failing to get one at all is an error of kind
    /// `Unavailable`.
    pub fn send(&self, req: &Request) -> Result<Response> {
        self.send_with(req, Policy::OAUTH)
    }

    /// [`Client::send`] with another size cap and retry rule.
    pub fn send_with(&self, req: &Request, policy: Policy) -> Result<Response> {
        check_url(&req.url)?;
        let mut attempt = 1;
        loop {
            let result = self.send_once(req, policy);
            let wait = match &result {
                Ok(resp) if policy.retry_answers && (resp.status == 429 || resp.status >= 500) => {
                    match retry_after(resp) {
                        Some(wait) if wait > MAX_RETRY_AFTER => return Ok(resp.clone()),
                        Some(wait) => wait,
                        None => BACKOFF * 2u32.pow(attempt - 1),
                    }
                }
                Err(Failure::Connect(_)) => BACKOFF * 2u32.pow(attempt - 1),
                _ => return result.map_err(Failure::into_error),
            };
            if attempt >= MAX_ATTEMPTS {
                return result.map_err(Failure::into_error);
            }
            if self.trace {
                trace::emit(
                    "*",
                    &format!(
                        "retrying in {} ms (attempt {} of {MAX_ATTEMPTS})",
                        wait.as_millis(),
                        attempt + 1
                    ),
                );
            }
            std::thread::sleep(wait);
            attempt += 1;
        }
    }

    fn send_once(&self, req: &Request, policy: Policy) -> Result<Response, Failure> {
        let max_body = policy.max_body;
        if self.trace {
            self.trace_request(req);
        }
        let started = Instant::now();
        let mut builder = ureq::http::Request::builder()
            .method(req.method.as_str())
            .uri(&req.url);
        for (name, value) in &req.headers {
            builder = builder.header(name, value);
        }
        if let Some((content_type, _)) = &req.body {
            builder = builder.header("content-type", content_type);
        }
        let body = req
            .body
            .as_ref()
            .map(|(_, b)| b.clone())
            .unwrap_or_default();
        let http_req = builder.body(body).map_err(|e| {
            Failure::Other(error::config(format!("invalid request to {}: {e}", req.url)).into())
        })?;
        let agent = self.agent(http_req.uri().host().unwrap_or(""));
        let result = if req.body.is_some() {
            agent.run(http_req)
        } else {
            agent.run(http_req.map(|_| ()))
        };
        let mut resp = result.map_err(|e| self.transport_error(req, e))?;
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = resp
            .body_mut()
            .with_config()
            .limit(max_body)
            .read_to_vec()
            .map_err(|e| match e {
                ureq::Error::BodyExceedsLimit(_) => Failure::Other(
                    error::Error::new(
                        Kind::BadResponse,
                        if max_body == MAX_BODY {
                            format!(
                                "the answer from {} is larger than {} KiB; it is not a token response",
                                host_of(&req.url),
                                MAX_BODY / 1024
                            )
                        } else {
                            format!(
                                "the answer from {} is larger than {} MiB, the most otok reads",
                                host_of(&req.url),
                                max_body / (1024 * 1024)
                            )
                        },
                    )
                    .into(),
                ),
                other => self.transport_error(req, other),
            })?;
        let resp = Response {
            status,
            headers,
            body,
        };
        if self.trace {
            trace_response(&resp, started.elapsed(), policy.trace_body);
        }
        Ok(resp)
    }

    fn trace_request(&self, req: &Request) {
        let mut text = format!("{} {}\n", req.method.as_str(), trace::url(&req.url));
        for (name, value) in &req.headers {
            text.push_str(&trace::header(name, value));
            text.push('\n');
        }
        if let Some((content_type, bytes)) = &req.body {
            text.push_str(&format!("content-type: {content_type}\n\n"));
            text.push_str(&trace::body(Some(content_type), bytes));
        }
        trace::emit(">", &text);
    }

    /// Classifies a transport failure; only failures to connect are worth another attempt.
    fn transport_error(&self, req: &Request, e: ureq::Error) -> Failure {
        let host = host_of(&req.url);
        let text = e.to_string();
        let unavailable = |what: String, hint: &str| -> anyhow::Error {
            error::Error::new(Kind::Unavailable, what).hint(hint).into()
        };
        let tls_hint = "if the server uses its own CA, pass its root certificate with --ca-cert";
        match &e {
            ureq::Error::Timeout(ureq::Timeout::Connect | ureq::Timeout::Resolve) => {
                Failure::Connect(unavailable(
                    format!(
                        "cannot connect to {host}: no answer within {} s",
                        self.timeout.as_secs()
                    ),
                    "check the URL and that the server is reachable",
                ))
            }
            ureq::Error::Timeout(_) => Failure::Other(unavailable(
                format!("{host} did not answer within {} s", self.timeout.as_secs()),
                "try again later, or allow longer with --timeout",
            )),
            ureq::Error::HostNotFound => Failure::Other(unavailable(
                format!("cannot resolve {host}"),
                "check the host name in the URL and your network",
            )),
            ureq::Error::Tls(_) => Failure::Other(unavailable(
                format!("TLS with {host} failed: {e}"),
                tls_hint,
            )),
            _ if text.to_ascii_lowercase().contains("certificate") => Failure::Other(unavailable(
                format!("TLS with {host} failed: {e}"),
                tls_hint,
            )),
            ureq::Error::ConnectionFailed => Failure::Connect(unavailable(
                format!("cannot connect to {host}: {e}"),
                "check the URL and that the server is running and reachable",
            )),
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
                Failure::Connect(unavailable(
                    format!("cannot connect to {host}: connection refused"),
                    "check the URL and that the server is running and reachable",
                ))
            }
            _ => Failure::Other(unavailable(
                format!("the exchange with {host} failed: {e}"),
                "try again; run with -v to see how far it got",
            )),
        }
    }
}

/// Why an attempt failed: failing to connect may be retried, nothing else is.
enum Failure {
    Connect(anyhow::Error),
    Other(anyhow::Error),
}

impl Failure {
    fn into_error(self) -> anyhow::Error {
        match self {
            Failure::Connect(e) | Failure::Other(e) => e,
        }
    }
}

fn trace_response(resp: &Response, elapsed: Duration, with_body: bool) {
    let mut text = format!("HTTP {} ({} ms)\n", resp.status, elapsed.as_millis());
    for (name, value) in &resp.headers {
        text.push_str(&trace::header(name, value));
        text.push('\n');
    }
    text.push('\n');
    if with_body {
        text.push_str(&trace::body(resp.header("content-type"), &resp.body));
    } else {
        text.push_str(&format!("({} bytes, a secret: not shown)", resp.body.len()));
    }
    trace::emit("<", &text);
}

/// `Retry-After` in seconds (the HTTP-date form is rare on token endpoints and is ignored).
fn retry_after(resp: &Response) -> Option<Duration> {
    resp.header("retry-after")?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

/// The trusted roots plus the user's extra root certificate(s).
fn roots_with(path: &Path) -> Result<RootCerts> {
    let bad = |why: String| {
        error::config(format!(
            "cannot use the CA certificate {}: {why}",
            path.display()
        ))
    };
    let pem = std::fs::read(path).map_err(|e| bad(e.to_string()))?;
    let mut certs: Vec<Certificate<'static>> = webpki_root_certs::TLS_SERVER_ROOT_CERTS
        .iter()
        .map(|der| Certificate::from_der(der.as_ref()).to_owned())
        .collect();
    let before = certs.len();
    for item in ureq::tls::parse_pem(&pem) {
        if let ureq::tls::PemItem::Certificate(cert) = item.map_err(|e| bad(e.to_string()))? {
            certs.push(cert);
        }
    }
    if certs.len() == before {
        return Err(bad("no PEM certificate (-----BEGIN CERTIFICATE-----) in it".into()).into());
    }
    Ok(RootCerts::new_with_certs(&certs))
}

/// The host (and port) of a URL, for messages.
pub fn host_of(url: &str) -> String {
    url.parse::<ureq::http::Uri>()
        .ok()
        .and_then(|u| u.authority().map(|a| a.to_string()))
        .unwrap_or_else(|| url.to_string())
}

/// Credentials go only over https, or plain http to this machine's loopback addresses.
pub fn check_url(url: &str) -> Result<()> {
    let uri: ureq::http::Uri = url
        .parse()
        .map_err(|_| error::config(format!("`{url}` is not a valid URL")))?;
    let host = uri.host().unwrap_or("");
    match uri.scheme_str() {
        Some("https") if !host.is_empty() => Ok(()),
        Some("http") if is_loopback(host) => Ok(()),
        Some("http") => Err(error::config(format!(
            "refusing to send credentials over plain http to {host}"
        ))
        .hint("use an https:// URL; plain http is allowed only to loopback hosts (127.0.0.0/8, ::1, localhost)")
        .into()),
        _ => Err(error::config(format!("`{url}` is not an http(s) URL")).into()),
    }
}

/// The proxy a request to `url` goes through, as [`Client`] chooses it (`scheme://host:port`,
/// without credentials): none for a loopback host or one `NO_PROXY` names, else the first of
/// `ALL_PROXY`, `HTTPS_PROXY` and `HTTP_PROXY` (either case) that is set.
pub(crate) fn proxy_for(url: &str) -> Option<String> {
    let uri: ureq::http::Uri = url.parse().ok()?;
    if is_loopback(uri.host().unwrap_or("")) {
        return None;
    }
    let proxy = ureq::Proxy::try_from_env().filter(|p| !p.is_no_proxy(&uri))?;
    let scheme = proxy.uri().scheme_str().unwrap_or("http");
    Some(format!("{scheme}://{}:{}", proxy.host(), proxy.port()))
}

/// Whether `host` is this machine: 127.0.0.0/8, ::1 or localhost.
pub(crate) fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_and_a_response_never_show_credentials_in_debug() {
        let request = Request {
            method: Method::Post,
            url: "https://id.example.com/token?client_secret=query-debug-91".into(),
            headers: vec![("authorization".into(), "Basic basic-debug-91".into())],
            body: Some((
                "application/x-www-form-urlencoded".into(),
                b"password=body-debug-91".to_vec(),
            )),
        };
        let response = Response {
            status: 200,
            headers: vec![("set-cookie".into(), "cookie-debug-91".into())],
            body: br#"{"access_token":"token-debug-91"}"#.to_vec(),
        };
        let shown = format!("{request:?} {response:?}");
        assert!(!shown.contains("debug-91"), "{shown}");
        assert!(
            shown.contains("authorization") && shown.contains("id.example.com"),
            "{shown}"
        );
    }

    #[test]
    fn plain_http_only_to_loopback() {
        for ok in [
            "https://api.myfox.me/oauth2/token",
            "http://127.0.0.1:8080/token",
            "http://127.8.9.1/token",
            "http://localhost:1/t",
            "http://[::1]:9/t",
        ] {
            assert!(check_url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://api.myfox.me/oauth2/token",
            "http://127.0.0.1.evil.example/t",
            "http://10.0.0.1/t",
            "ftp://x/y",
            "not a url",
        ] {
            let err = check_url(bad).unwrap_err();
            assert_eq!(error::report(&err).0, 3, "{bad}");
        }
    }
}

/// ureq's resolver, but for a host that is an IP address, which needs no lookup: ureq looks
/// every host up in a thread of its own, to bound the wait by the timeout, and starting that
/// thread cost a cold `otok token` to a loopback address a quarter of its system calls and
/// 3 % of its CPU time.
#[derive(Debug, Default)]
struct AddressOrLookup(DefaultResolver);

impl Resolver for AddressOrLookup {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let host = uri.host().unwrap_or_default();
        let address = host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .unwrap_or(host);
        let port = uri.port_u16().or_else(|| match uri.scheme_str() {
            Some("https") => Some(443),
            Some("http") => Some(80),
            _ => None,
        });
        match (
            address.parse::<std::net::IpAddr>(),
            port,
            config.ip_family(),
        ) {
            (Ok(ip), Some(port), ureq::config::IpFamily::Any) => {
                let mut addresses = self.empty();
                addresses.push(std::net::SocketAddr::new(ip, port));
                Ok(addresses)
            }
            _ => self.0.resolve(uri, config, timeout),
        }
    }
}
