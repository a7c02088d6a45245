//! `otok authorize`: the authorization URL each provider gets, the loopback listener, the
//! checks on the redirect, the code exchange, and the device flow's polling. The test plays
//! the browser: it reads the URL that `--no-browser` prints and sends the redirect itself.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};

use crate::support::providers::*;
use crate::support::server::{Recorded, Reply, Server};
use crate::support::{Otok, Outcome, TestEnv};

/// A running `otok authorize --no-browser`, and the authorization URL it printed.
pub(crate) struct Flow {
    child: Child,
    url: String,
    /// stderr as otok wrote it, byte for byte.
    stderr: Arc<Mutex<Vec<u8>>>,
    reader: JoinHandle<()>,
}

/// What a finished flow wrote, byte for byte.
pub(crate) struct Bytes {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

pub(crate) fn start(cmd: Otok) -> Flow {
    let mut cmd = cmd.arg("--no-browser").std();
    cmd.stdin(Stdio::piped())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let stderr = Arc::new(Mutex::new(Vec::new()));
    let (tx, rx) = mpsc::channel();
    let mut from = BufReader::new(child.stderr.take().unwrap());
    let sink = stderr.clone();
    let reader = std::thread::spawn(move || loop {
        let mut line = Vec::new();
        if from.read_until(b'\n', &mut line).unwrap() == 0 {
            break;
        }
        if let Some(url) = line.strip_prefix(b"  http") {
            let _ = tx.send(format!("http{}", String::from_utf8_lossy(url).trim_end()));
        }
        sink.lock().unwrap().extend_from_slice(&line);
    });
    let url = rx
        .recv_timeout(Duration::from_secs(20))
        .unwrap_or_else(|_| {
            panic!(
                "no authorization URL: {}",
                String::from_utf8_lossy(&stderr.lock().unwrap())
            )
        });
    Flow {
        child,
        url,
        stderr,
        reader,
    }
}

pub(crate) fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent()
}

impl Flow {
    /// Whether otok is still waiting (it has not exited).
    pub(crate) fn waiting(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    fn params(&self) -> BTreeMap<String, String> {
        let query = self.url.split_once('?').unwrap().1;
        form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect()
    }

    fn base(&self) -> &str {
        self.url.split_once('?').unwrap().0
    }

    /// The listener's port, from the redirect URI.
    pub(crate) fn port(&self) -> u16 {
        let uri = self.param("redirect_uri");
        let authority = uri.trim_start_matches("http://").split('/').next().unwrap();
        authority.rsplit_once(':').unwrap().1.parse().unwrap()
    }

    pub(crate) fn param(&self, key: &str) -> String {
        self.params()[key].clone()
    }

    /// The browser following the redirect: status and page.
    pub(crate) fn redirect(&self, query: &str) -> (u16, String) {
        let url = format!("{}?{query}", self.param("redirect_uri"));
        let mut resp = agent().get(&url).call().unwrap();
        (
            resp.status().as_u16(),
            resp.body_mut().read_to_string().unwrap(),
        )
    }

    pub(crate) fn approve(&self, code: &str) -> (u16, String) {
        self.redirect(&format!("code={code}&state={}", self.param("state")))
    }

    fn paste(&mut self, line: &str) {
        let stdin = self.child.stdin.as_mut().unwrap();
        writeln!(stdin, "{line}").unwrap();
    }

    /// Waits for otok to end on its own, with stdin still open (no paste, no EOF).
    pub(crate) fn finish_after_stdin_open(mut self) -> Outcome {
        let status = self.child.wait().unwrap();
        self.reader.join().unwrap();
        let mut stdout = String::new();
        std::io::Read::read_to_string(&mut self.child.stdout.take().unwrap(), &mut stdout).unwrap();
        let stderr = String::from_utf8_lossy(&self.stderr.lock().unwrap()).into_owned();
        Outcome {
            code: status.code().unwrap_or(-1),
            stdout,
            stderr,
        }
    }

    pub(crate) fn finish(self) -> Outcome {
        self.finish_bytes().0
    }

    /// [`Flow::finish`], and what otok wrote, byte for byte.
    pub(crate) fn finish_bytes(mut self) -> (Outcome, Bytes) {
        drop(self.child.stdin.take());
        let out = self.child.wait_with_output().unwrap();
        self.reader.join().unwrap();
        let stderr = self.stderr.lock().unwrap().clone();
        let outcome = Outcome {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&stderr).into_owned(),
        };
        (
            outcome,
            Bytes {
                stdout: out.stdout,
                stderr,
            },
        )
    }
}

/// A generic provider's token endpoint for public clients: it answers the code exchange with
/// a token (and records it, for the test to check).
pub(crate) fn generic_server() -> Server {
    Server::start(|req| {
        let form = req.form().unwrap();
        match form.get("grant_type").map(String::as_str) {
            Some("authorization_code")
                if form.get("code").map(String::as_str) == Some("the-code") =>
            {
                Reply::json(
                    200,
                    json!({"access_token": "code-access", "refresh_token": "code-refresh",
                           "token_type": "Bearer", "expires_in": 3600}),
                )
            }
            _ => Reply::json(400, json!({"error": "invalid_grant"})),
        }
    })
}

pub(crate) fn generic(env: &TestEnv, server: &Server, command: &str) -> Otok {
    env.otok()
        .arg(command)
        .generic(server)
        .arg("--authorize-url")
        .arg(format!("{}/authorize", server.url))
        .client("cli-app")
        .args(["--scope", "read"])
        .store("file")
}

fn challenge_of(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(ring::digest::digest(
        &ring::digest::SHA256,
        verifier.as_bytes(),
    ))
}

fn is_unreserved(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c))
}

#[test]
fn code_flow_with_pkce_then_token_serves_the_stored_token() {
    let env = TestEnv::new();
    let server = generic_server();
    let flow = start(generic(&env, &server, "authorize"));
    assert_eq!(flow.base(), format!("{}/authorize", server.url));
    let params = flow.params();
    assert_eq!(
        params.keys().map(String::as_str).collect::<Vec<_>>(),
        [
            "client_id",
            "code_challenge",
            "code_challenge_method",
            "redirect_uri",
            "response_type",
            "scope",
            "state"
        ]
    );
    assert_eq!(params["response_type"], "code");
    assert_eq!(params["code_challenge_method"], "S256");
    assert_eq!(params["scope"], "read");
    assert!(params["state"].len() >= 32 && is_unreserved(&params["state"]));
    assert!(params["redirect_uri"].starts_with("http://127.0.0.1:"));
    assert!(params["redirect_uri"].ends_with("/callback"));

    let (status, page) = flow.approve("the-code");
    assert_eq!(status, 200);
    assert!(page.contains("You may close this tab"), "{page}");
    let out = flow.finish();
    out.ok();
    assert!(out.stdout.is_empty(), "no --format: nothing on stdout");
    assert!(
        out.stderr.contains("authorized; the tokens are stored"),
        "{}",
        out.stderr
    );

    let exchange = server.only().form().unwrap();
    assert_eq!(
        exchange.keys().map(String::as_str).collect::<Vec<_>>(),
        [
            "client_id",
            "code",
            "code_verifier",
            "grant_type",
            "redirect_uri"
        ],
        "a public client: its id, no secret; no scope on the exchange"
    );
    assert_eq!(exchange["redirect_uri"], params["redirect_uri"]);
    assert_eq!(
        challenge_of(&exchange["code_verifier"]),
        params["code_challenge"]
    );

    // The stored token is served without a request.
    let out = generic(&env, &server, "token").run();
    assert_eq!(out.ok(), "code-access\n");
    assert_eq!(server.count(), 1);
}

#[test]
fn the_verifier_is_fresh_for_each_flow_and_43_to_128_unreserved_characters() {
    let env = TestEnv::new();
    let server = generic_server();
    let mut verifiers = Vec::new();
    for _ in 0..2 {
        let flow = start(generic(&env, &server, "authorize"));
        flow.approve("the-code");
        flow.finish().ok();
        let exchange = server.requests().pop().unwrap().form().unwrap();
        verifiers.push(exchange["code_verifier"].clone());
    }
    for v in &verifiers {
        assert!((43..=128).contains(&v.len()) && is_unreserved(v), "{v}");
    }
    assert_ne!(verifiers[0], verifiers[1]);
}

#[test]
fn the_listener_ignores_stray_requests_and_answers_one_redirect() {
    let env = TestEnv::new();
    let server = generic_server();
    let flow = start(generic(&env, &server, "authorize"));
    let redirect_uri = flow.param("redirect_uri");
    let port = flow.port();
    let mut resp = agent()
        .get(format!("http://127.0.0.1:{port}/favicon.ico"))
        .call()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 404);
    let _ = resp.body_mut().read_to_string();

    assert_eq!(flow.approve("the-code").0, 200);
    let second = agent()
        .get(format!(
            "{redirect_uri}?code=the-code&state={}",
            flow.param("state")
        ))
        .call();
    flow.finish().ok();
    assert!(second.is_err(), "a second redirect found a listener");
    assert_eq!(server.count(), 1, "one code exchange");
}

#[cfg(target_os = "linux")]
#[test]
fn the_listener_is_bound_to_127_0_0_1_only() {
    let env = TestEnv::new();
    let server = generic_server();
    let flow = start(generic(&env, &server, "authorize"));
    let port = flow.port();
    // Another loopback address reaches this host, but not a socket bound to 127.0.0.1 alone.
    assert!(std::net::TcpStream::connect(("127.0.0.2", port)).is_err());
    assert!(std::net::TcpStream::connect(("::1", port)).is_err());
    assert_eq!(flow.approve("the-code").0, 200);
    flow.finish().ok();
}

#[test]
fn a_wrong_state_is_ignored_and_its_code_never_exchanged() {
    let env = TestEnv::new();
    let server = generic_server();
    let mut flow = start(generic(&env, &server, "authorize"));
    let (status, page) = flow.redirect("code=forged-code&state=forged-state");
    assert_eq!(status, 400);
    assert!(page.contains("Not this authorization"), "{page}");
    assert!(flow.waiting(), "a forged redirect ended the flow");
    assert_eq!(flow.approve("the-code").0, 200);
    let out = flow.finish();
    out.ok();
    assert!(
        out.stderr.contains("ignored a request to the redirect URI"),
        "{}",
        out.stderr
    );
    assert_eq!(server.only().form().unwrap()["code"], "the-code");
}

#[test]
fn a_redirect_without_code_is_refused() {
    let env = TestEnv::new();
    let server = generic_server().expect_no_requests();
    let flow = start(generic(&env, &server, "authorize"));
    let state = flow.param("state");
    flow.redirect(&format!("state={state}&iss=x"));
    flow.finish().fails(8, &["it has no code"]);
}

#[test]
fn an_error_on_the_redirect_ends_with_the_providers_words() {
    let env = TestEnv::new();
    let server = generic_server().expect_no_requests();
    let flow = start(generic(&env, &server, "authorize"));
    let state = flow.param("state");
    let (status, page) = flow.redirect(&format!(
        "error=access_denied&error_description=The+owner+said+no&state={state}"
    ));
    assert_eq!(status, 400);
    assert!(page.contains("The owner said no"), "{page}");
    flow.finish().fails(
        4,
        &["generic did not authorize: access_denied: The owner said no"],
    );
}

#[test]
fn no_redirect_within_the_timeout_exits_6() {
    let env = TestEnv::new();
    let server = generic_server().may_be_unused();
    let cmd = generic(&env, &server, "authorize").args(["--timeout", "1"]);
    let started = Instant::now();
    let flow = start(cmd);
    let out = flow.finish_after_stdin_open();
    out.fails(6, &["no authorization came back within 1s", "--timeout"]);
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn a_pasted_redirect_for_another_flow_is_refused() {
    let env = TestEnv::new();
    let server = generic_server().expect_no_requests();
    let mut flow = start(generic(&env, &server, "authorize"));
    let redirect_uri = flow.param("redirect_uri");
    flow.paste(&format!(
        "{redirect_uri}?code=the-code&state=state-of-another-flow"
    ));
    flow.finish().fails(8, &["state is not this flow's"]);
}

#[test]
fn a_pasted_redirect_to_another_port_is_refused() {
    let env = TestEnv::new();
    let server = generic_server().expect_no_requests();
    let mut flow = start(generic(&env, &server, "authorize"));
    let redirect_uri = flow.param("redirect_uri");
    let state = flow.param("state");
    // The right state and a code, but sent to another program's port on this machine.
    let port: u16 = redirect_uri
        .trim_start_matches("http://127.0.0.1:")
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let elsewhere = redirect_uri.replace(&format!(":{port}/"), &format!(":{}/", port ^ 1));
    flow.paste(&format!("{elsewhere}?code=the-code&state={state}"));
    flow.finish().fails(
        8,
        &[&format!(
            "it went to {elsewhere}, not to this flow's redirect URI {redirect_uri}"
        )],
    );
}

#[test]
fn a_redirect_uri_elsewhere_is_pasted_back() {
    let env = TestEnv::new();
    let server = generic_server();
    let cmd = generic(&env, &server, "authorize")
        .args(["--redirect-uri", "https://app.example.com/oauth/done"])
        .format("json");
    let mut flow = start(cmd);
    assert_eq!(
        flow.param("redirect_uri"),
        "https://app.example.com/oauth/done"
    );
    let state = flow.param("state");
    flow.paste(&format!(
        "https://app.example.com/oauth/done?code=the-code&state={state}"
    ));
    let out = flow.finish();
    let printed: Value = serde_json::from_str(out.ok()).unwrap();
    assert_eq!(printed["access_token"], "code-access");
    let exchange = server.only().form().unwrap();
    assert_eq!(
        exchange["redirect_uri"],
        "https://app.example.com/oauth/done"
    );
}

fn code_of(req: &Recorded) -> Value {
    if req.content_type().starts_with("application/json") {
        Value::Object(req.json().unwrap())
    } else {
        serde_json::to_value(req.form().unwrap()).unwrap()
    }
}

#[test]
fn myfox_authorizes_with_state_and_no_pkce_then_exchanges_with_the_secret() {
    let env = TestEnv::new();
    let server = myfox();
    let flow = start(
        env.otok()
            .authorize()
            .provider_at("myfox", &server.url)
            .client(MYFOX_ID)
            .store("file")
            .secret(MYFOX_SECRET),
    );
    assert_eq!(flow.base(), format!("{}/oauth2/authorize", server.url));
    assert_eq!(
        flow.params().keys().map(String::as_str).collect::<Vec<_>>(),
        ["client_id", "redirect_uri", "response_type", "state"]
    );
    assert_eq!(flow.param("client_id"), MYFOX_ID);
    flow.approve(MYFOX_CODE);
    let out = flow.finish();
    out.ok();
    out.leaks_none(&[MYFOX_SECRET, MYFOX_CODE, &token_for("myfox", 1)]);
    let exchange = code_of(&server.only());
    assert_eq!(exchange["grant_type"], "authorization_code");
    assert_eq!(exchange["client_secret"], MYFOX_SECRET);
    assert_eq!(exchange["code"], MYFOX_CODE);
}

fn hm_authorize(env: &TestEnv, server: &Server, secret: Option<&str>) -> Flow {
    let mut cmd = env
        .otok()
        .authorize()
        .provider_at("highmobility", &server.url)
        .arg("--authorize-url")
        .arg(format!("{}/oauth/new", server.url))
        .client(HM_ID)
        .store("file");
    if let Some(secret) = secret {
        cmd = cmd.secret(secret);
    }
    start(cmd)
}

#[test]
fn highmobility_consent_page_with_pkce_and_an_in_app_exchange() {
    let env = TestEnv::new();
    let server = highmobility(None);
    let flow = hm_authorize(&env, &server, None);
    assert_eq!(flow.base(), format!("{}/oauth/new", server.url));
    let params = flow.params();
    assert_eq!(
        params.keys().map(String::as_str).collect::<Vec<_>>(),
        [
            "client_id",
            "code_challenge",
            "code_challenge_method",
            "redirect_uri",
            "state"
        ]
    );
    flow.approve(HM_CODE);
    let out = flow.finish();
    out.ok();
    assert!(
        out.stderr
            .contains("status is pending: the owner has not approved"),
        "{}",
        out.stderr
    );
    let exchange = code_of(&server.only());
    assert!(exchange.get("client_secret").is_none(), "{exchange}");
    assert_eq!(exchange["redirect_uri"], params["redirect_uri"]);
    assert_eq!(
        challenge_of(exchange["code_verifier"].as_str().unwrap()),
        params["code_challenge"]
    );
}

#[test]
fn highmobility_web_apps_add_their_secret_to_the_exchange() {
    let env = TestEnv::new();
    let server = highmobility(None);
    let flow = hm_authorize(&env, &server, Some(HM_SECRET));
    flow.approve(HM_CODE);
    flow.finish().ok();
    let exchange = code_of(&server.only());
    assert_eq!(exchange["client_secret"], HM_SECRET);
    assert!(exchange.get("code_verifier").is_some());
}

#[test]
fn myq_authorizes_at_lang_auth_with_its_mandatory_scope() {
    let env = TestEnv::new();
    let server = myq();
    let myq_cmd = |scope: Option<&str>| {
        let cmd = env
            .otok()
            .authorize()
            .provider_at("myq", &server.url)
            .client(MYQ_ID)
            .store("file")
            .secret(MYQ_SECRET);
        match scope {
            Some(scope) => cmd.args(["--scope", scope]),
            None => cmd,
        }
    };
    let out = myq_cmd(None).run();
    out.fails(3, &["MyQ's authorization page needs a scope"]);

    let flow = start(myq_cmd(Some("print offline.access")));
    assert_eq!(flow.base(), format!("{}/en/auth", server.url));
    assert_eq!(
        flow.params().keys().map(String::as_str).collect::<Vec<_>>(),
        [
            "client_id",
            "redirect_uri",
            "response_type",
            "scope",
            "state"
        ]
    );
    assert_eq!(flow.param("scope"), "print offline.access");
    flow.approve(MYQ_CODE);
    flow.finish().ok();
    let exchange = code_of(&server.only());
    assert_eq!(
        exchange
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        [
            "client_id",
            "client_secret",
            "code",
            "grant_type",
            "redirect_uri"
        ]
    );
}

#[test]
fn a_provider_without_an_authorization_endpoint_says_so() {
    let env = TestEnv::new();
    let out = env
        .otok()
        .authorize()
        .generic_at("https://id.example.com/token")
        .client("x")
        .run();
    out.fails(
        3,
        &["generic has no authorization endpoint", "--authorize-url"],
    );
    let out = env.otok().authorize().provider("mypos").client("x").run();
    out.fails(3, &["mypos does not support the authorization_code grant"]);
}

/// A device authorization server whose token endpoint answers `authorization_pending`, then
/// `slow_down`, then a token; it notes when each poll came.
#[test]
fn the_device_flow_polls_at_the_interval_and_slows_down_when_asked() {
    let env = TestEnv::new();
    let polls: Arc<Mutex<Vec<Instant>>> = Arc::default();
    let seen = polls.clone();
    let server = Server::start(move |req| {
        let form = req.form().unwrap();
        if req.path == "/device" {
            return Reply::json(
                200,
                json!({"device_code": "dev-code-1", "user_code": "WDJB-MJHT",
                       "verification_uri": "https://example.com/device",
                       "verification_uri_complete": "https://example.com/device?user_code=WDJB-MJHT",
                       "expires_in": 60, "interval": 1}),
            );
        }
        assert_eq!(
            form["grant_type"],
            "urn:ietf:params:oauth:grant-type:device_code"
        );
        assert_eq!(form["device_code"], "dev-code-1");
        let mut polls = seen.lock().unwrap();
        polls.push(Instant::now());
        match polls.len() {
            1 => Reply::json(400, json!({"error": "authorization_pending"})),
            2 => Reply::json(400, json!({"error": "slow_down"})),
            _ => Reply::json(
                200,
                json!({"access_token": "device-access", "expires_in": 600}),
            ),
        }
    });
    let started = Instant::now();
    let out = env
        .otok()
        .device_flow(&server)
        .client("tv-app")
        .args(["--scope", "read"])
        .store("file")
        .format("raw")
        .run();
    assert_eq!(out.ok(), "device-access\n");
    assert!(
        out.stderr
            .contains("visit https://example.com/device and enter the code"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("WDJB-MJHT"));
    assert!(
        !out.stderr.contains('\r') && !out.stderr.contains(" left"),
        "no live line when stderr is not a terminal: {:?}",
        out.stderr
    );
    let polls = polls.lock().unwrap();
    assert_eq!(polls.len(), 3);
    let gap = |a: Instant, b: Instant| b.duration_since(a).as_secs_f64();
    assert!(
        gap(started, polls[0]) >= 1.0,
        "first poll after the interval"
    );
    assert!(gap(polls[0], polls[1]) >= 1.0 && gap(polls[0], polls[1]) < 3.0);
    assert!(gap(polls[1], polls[2]) >= 6.0, "slow_down adds 5 seconds");
    let device_request = server.requests()[0].form().unwrap();
    assert_eq!(device_request["client_id"], "tv-app");
    assert_eq!(device_request["scope"], "read");
}

#[test]
fn waiting_on_a_terminal_shows_the_code_and_the_time_left() {
    let env = TestEnv::new();
    let server = Server::start(|req| {
        if req.path == "/device" {
            return Reply::json(
                200,
                json!({"device_code": "dev-code-2", "user_code": "QRST-UVWX",
                       "verification_uri": "https://example.com/device",
                       "expires_in": 90, "interval": 1}),
            );
        }
        Reply::json(400, json!({"error": "authorization_pending"}))
    });
    let cmd = env.otok().device_flow(&server).client("tv-app").std();
    let mut session = rexpect::session::spawn_command(cmd, Some(10_000)).unwrap();
    // The line is redrawn in place: a carriage return, the code, the time left.
    let (_, shown) = session
        .exp_regex(r"\r\x1b\[2Kotok: waiting for code QRST-UVWX: 1m \d+s left")
        .unwrap();
    assert!(shown.contains("QRST-UVWX"));
    session
        .exp_regex(r"\r\x1b\[2Kotok: waiting for code QRST-UVWX: 1m \d+s left")
        .unwrap();
    session.process_mut().exit().ok();
}
