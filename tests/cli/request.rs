//! `otok request`: an authenticated request to a resource server that accepts only the tokens
//! its authorization server considers current, with one retry after `invalid_token`.

use std::collections::{BTreeMap, HashSet};
use std::process::Output;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;

use crate::support::server::{Recorded, Reply, Server};
use crate::support::{Otok, TestEnv};

const ID: &str = "request-client";
const SECRET: &str = "request-secret-5f2e";

/// How the resource server says that a token is no good.
#[derive(Clone, Copy, PartialEq)]
enum Refusal {
    /// `WWW-Authenticate: Bearer error="invalid_token"` (RFC 6750).
    Challenge,
    /// Myfox's `{"status":"KO","error":"invalid_token"}`.
    MyfoxBody,
    /// Refuses every token, current or not, with the challenge.
    Always,
}

#[derive(Default)]
struct State {
    issued: usize,
    by_grant: BTreeMap<String, usize>,
    access_tokens: HashSet<String>,
    refresh_tokens: HashSet<String>,
    resource_requests: Vec<Recorded>,
}

/// One loopback server that is both the authorization server (`/token`: client_credentials,
/// and refresh_token with rotation) and the resource server (`/resource`, `/echo`, `/file`),
/// sharing which tokens are current.
struct Api {
    server: Server,
    state: Arc<Mutex<State>>,
}

impl Api {
    fn start(refusal: Refusal) -> Api {
        Api::with(refusal, Duration::ZERO)
    }

    /// The resource answers after `delay`.
    fn with(refusal: Refusal, delay: Duration) -> Api {
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        let server = Server::start(move |req| {
            let mut st = shared.lock().unwrap();
            if req.path == "/token" {
                return token(&mut st, req);
            }
            st.resource_requests.push(req.clone());
            let presented = req
                .header("authorization")
                .and_then(|v| v.strip_prefix("Bearer "))
                .unwrap_or("");
            if refusal == Refusal::Always || !st.access_tokens.contains(presented) {
                return match refusal {
                    Refusal::MyfoxBody => {
                        Reply::json(401, json!({"status": "KO", "error": "invalid_token"}))
                    }
                    _ => Reply::json(401, json!({"message": "token refused"})).header(
                        "WWW-Authenticate",
                        r#"Bearer realm="api", error="invalid_token", error_description="revoked""#,
                    ),
                };
            }
            resource(req).after(delay)
        });
        Api { server, state }
    }

    fn otok(&self, env: &TestEnv) -> Otok {
        env.otok()
            .arg("request")
            .generic_at(format!("{}/token", self.server.url))
            .client(ID)
            .secret(SECRET)
            .store("file")
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.url)
    }

    fn issued(&self) -> usize {
        self.state.lock().unwrap().issued
    }

    fn grants(&self, grant: &str) -> usize {
        let st = self.state.lock().unwrap();
        st.by_grant.get(grant).copied().unwrap_or(0)
    }

    fn resource_requests(&self) -> Vec<Recorded> {
        self.state.lock().unwrap().resource_requests.clone()
    }

    /// The authorization server revokes every access token (and, with `refresh`, every
    /// refresh token) it issued.
    fn revoke_all(&self, refresh: bool) {
        let mut st = self.state.lock().unwrap();
        st.access_tokens.clear();
        if refresh {
            st.refresh_tokens.clear();
        }
    }
}

fn token(st: &mut State, req: &Recorded) -> Reply {
    let form = req.form().unwrap_or_default();
    let grant = form.get("grant_type").cloned().unwrap_or_default();
    *st.by_grant.entry(grant.clone()).or_default() += 1;
    if req.basic_raw().as_deref() != Some(&format!("{ID}:{SECRET}")) {
        return Reply::json(401, json!({"error": "invalid_client"}));
    }
    match grant.as_str() {
        "client_credentials" => {}
        "refresh_token" => {
            let presented = form.get("refresh_token").cloned().unwrap_or_default();
            if !st.refresh_tokens.remove(&presented) {
                return Reply::json(400, json!({"error": "invalid_grant"}));
            }
        }
        _ => return Reply::json(400, json!({"error": "unsupported_grant_type"})),
    }
    st.issued += 1;
    let n = st.issued;
    st.access_tokens.insert(format!("access-{n}"));
    st.refresh_tokens.insert(format!("refresh-{n}"));
    Reply::json(
        200,
        json!({"access_token": format!("access-{n}"), "token_type": "Bearer",
               "expires_in": 3600, "refresh_token": format!("refresh-{n}")}),
    )
}

/// Every byte value, after a PNG signature.
fn binary() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend(0..=255u8);
    bytes
}

fn resource(req: &Recorded) -> Reply {
    match req.path.as_str() {
        "/resource" => Reply::json(200, json!({"vin": "V1", "sub": "me"})),
        "/file" => Reply::raw(200, "image/png", binary()),
        "/echo" => Reply::raw(200, "application/octet-stream", req.body.clone()),
        "/missing" => Reply::json(404, json!({"error": "not_found"})),
        "/broken" => Reply::raw(500, "text/plain", "server broke").header("Retry-After", "0"),
        "/moved" => {
            Reply::raw(302, "text/plain", "moved").header("Location", "https://elsewhere.example/x")
        }
        _ => Reply::raw(200, "text/plain", "other"),
    }
}

fn output(otok: &Otok) -> Output {
    otok.command().output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_revoked_token_is_refreshed_and_the_request_asked_once_more() {
    let env = TestEnv::new();
    let api = Api::start(Refusal::Challenge);
    let first = api.otok(&env).arg(api.url("/resource")).run();
    assert_eq!(first.ok(), r#"{"sub":"me","vin":"V1"}"#);
    assert_eq!((api.issued(), api.resource_requests().len()), (1, 1));

    api.revoke_all(false);
    let second = api.otok(&env).arg(api.url("/resource")).run();
    assert_eq!(second.ok(), r#"{"sub":"me","vin":"V1"}"#);
    assert!(second.stderr.contains("invalid_token"), "{}", second.stderr);
    let seen = api.resource_requests();
    assert_eq!(seen.len(), 3, "two resource requests for the second call");
    assert_eq!(seen[1].header("authorization"), Some("Bearer access-1"));
    assert_eq!(seen[2].header("authorization"), Some("Bearer access-2"));
    assert_eq!(api.issued(), 2, "exactly one new token");
    assert_eq!(api.grants("refresh_token"), 1);
    assert_eq!(api.grants("client_credentials"), 1);

    // The new token is stored: the next call uses it without asking for another.
    api.otok(&env).arg(api.url("/resource")).run().ok();
    assert_eq!(api.issued(), 2);
}

#[test]
fn a_refused_refresh_falls_back_to_the_grant() {
    let env = TestEnv::new();
    let api = Api::start(Refusal::Challenge);
    api.otok(&env).arg(api.url("/resource")).run().ok();
    api.revoke_all(true);
    let out = api.otok(&env).arg(api.url("/resource")).run();
    assert_eq!(out.ok(), r#"{"sub":"me","vin":"V1"}"#);
    assert_eq!(api.resource_requests().len(), 3);
    assert_eq!(api.issued(), 2, "exactly one new token");
    assert_eq!(
        (
            api.grants("refresh_token"),
            api.grants("client_credentials")
        ),
        (1, 2)
    );
}

#[test]
fn the_myfox_body_form_triggers_the_same_retry() {
    let env = TestEnv::new();
    let api = Api::start(Refusal::MyfoxBody);
    api.otok(&env).arg(api.url("/resource")).run().ok();
    api.revoke_all(false);
    let out = api.otok(&env).arg(api.url("/resource")).run();
    assert_eq!(out.ok(), r#"{"sub":"me","vin":"V1"}"#);
    assert_eq!(api.resource_requests().len(), 3);
    assert_eq!(api.issued(), 2);
}

#[test]
fn a_server_that_refuses_every_token_gets_one_retry_then_exit_22() {
    let env = TestEnv::new();
    let api = Api::start(Refusal::Always);
    let out = api.otok(&env).arg(api.url("/resource")).run();
    assert_eq!(out.code, 22, "{}", out.stderr);
    assert_eq!(out.stdout, r#"{"message":"token refused"}"#);
    assert!(out.stderr.contains("answered HTTP 401"), "{}", out.stderr);
    assert_eq!(api.resource_requests().len(), 2, "exactly one retry");
    assert_eq!(api.issued(), 2);
}

#[test]
fn binary_answers_come_out_byte_for_byte() {
    let env = TestEnv::new();
    let api = Api::start(Refusal::Challenge);
    let out = output(&api.otok(&env).arg(api.url("/file")));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(out.stdout, binary());
}

#[test]
fn a_5_mb_body_from_a_file_or_stdin_arrives_byte_for_byte() {
    let env = TestEnv::new();
    let api = Api::start(Refusal::Challenge);
    let body: Vec<u8> = (0..5_000_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let path = env.path("upload.bin");
    std::fs::write(&path, &body).unwrap();
    let out = output(
        &api.otok(&env)
            .arg(api.url("/echo"))
            .arg("--data-file")
            .arg(&path),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let seen = api.resource_requests();
    assert_eq!(seen[0].method, "POST");
    assert_eq!(seen[0].content_type(), "application/octet-stream");
    assert!(seen[0].body == body, "the request body differs");
    assert!(out.stdout == body, "the answer differs");

    let out = output(
        &api.otok(&env)
            .arg(api.url("/echo"))
            .args(["-X", "PUT", "--data-file", "-"])
            .stdin(binary()),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(api.resource_requests()[1].method, "PUT");
    assert_eq!(out.stdout, binary());
}

#[test]
fn headers_method_json_and_a_path_under_the_base_url() {
    let env = TestEnv::new();
    let api = Api::start(Refusal::Challenge);
    let out = api
        .otok(&env)
        .args(["--base-url", &api.server.url])
        .arg("/echo")
        .args(["-X", "PATCH", "-H", "X-Trace: abc", "-H", "X-Other:  two "])
        .args(["--json", r#"{"a":1}"#])
        .run();
    assert_eq!(out.ok(), r#"{"a":1}"#);
    let seen = &api.resource_requests()[0];
    assert_eq!(seen.method, "PATCH");
    assert_eq!(seen.path, "/echo");
    assert_eq!(seen.header("x-trace"), Some("abc"));
    assert_eq!(seen.header("x-other"), Some("two"));
    assert_eq!(seen.content_type(), "application/json");
    assert_eq!(seen.header("accept"), Some("application/json"));
    assert_eq!(seen.header("authorization"), Some("Bearer access-1"));

    // --api-url wins over the base URL; -d is a form POST.
    let out = api
        .otok(&env)
        .args(["--base-url", "https://unused.example.com"])
        .args(["--api-url", &format!("{}/", api.server.url)])
        .arg("/echo")
        .args(["-d", "a=b&c=d"])
        .run();
    assert_eq!(out.ok(), "a=b&c=d");
    let seen = &api.resource_requests()[1];
    assert_eq!(
        (seen.method.as_str(), seen.path.as_str()),
        ("POST", "/echo")
    );
    assert_eq!(seen.content_type(), "application/x-www-form-urlencoded");
}

#[test]
fn the_api_url_of_a_profile() {
    let env = TestEnv::new();
    let api = Api::start(Refusal::Challenge);
    let config = env.write(
        "config.toml",
        &format!(
            "[profiles.api]\nprovider = \"generic\"\ntoken_url = \"{0}/token\"\n\
             client_id = \"{ID}\"\napi_url = \"{0}\"\n",
            api.server.url
        ),
    );
    let out = env
        .otok()
        .arg("request")
        .profile("api", &config)
        .arg("/resource")
        .secret(SECRET)
        .run();
    assert_eq!(out.ok(), r#"{"sub":"me","vin":"V1"}"#);
}

#[test]
fn include_shows_the_status_line_and_headers() {
    let env = TestEnv::new();
    let api = Api::start(Refusal::Challenge);
    let out = api.otok(&env).arg(api.url("/resource")).arg("-i").run();
    let stdout = out.ok();
    assert!(stdout.starts_with("HTTP/1.1 200 OK\n"), "{stdout}");
    assert!(
        stdout.contains("\nContent-Type: application/json\n")
            || stdout.contains("\ncontent-type: application/json\n"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("\n\n{\"sub\":\"me\",\"vin\":\"V1\"}"),
        "{stdout}"
    );
}

#[test]
fn exit_codes_follow_the_status_unless_no_fail() {
    let env = TestEnv::new();
    let api = Api::start(Refusal::Challenge);
    let out = api.otok(&env).arg(api.url("/missing")).run();
    assert_eq!(out.code, 22, "{}", out.stderr);
    assert_eq!(out.stdout, r#"{"error":"not_found"}"#);
    assert!(out.stderr.contains("answered HTTP 404"), "{}", out.stderr);

    let out = api.otok(&env).arg(api.url("/broken")).run();
    assert_eq!(out.code, 23, "{}", out.stderr);
    assert_eq!(out.stdout, "server broke");

    let out = api.otok(&env).arg(api.url("/moved")).run();
    assert_eq!(out.code, 23, "{}", out.stderr);
    assert!(out.stderr.contains("not followed"), "{}", out.stderr);

    for path in ["/missing", "/broken"] {
        let out = api.otok(&env).arg(api.url(path)).arg("--no-fail").run();
        assert_eq!(out.code, 0, "{}", out.stderr);
    }
    // A 401 that is not about the token is no reason to get another.
    let issued = api.issued();
    let before = api.resource_requests().len();
    let out = api
        .otok(&env)
        .arg(api.url("/missing"))
        .arg("-X")
        .arg("DELETE")
        .run();
    assert_eq!(out.code, 22);
    assert_eq!(api.resource_requests().len(), before + 1);
    assert_eq!(api.issued(), issued);
}

#[test]
fn no_secret_in_stderr_with_or_without_a_trace() {
    let env = TestEnv::new();
    let api = Api::start(Refusal::Challenge);
    api.otok(&env).arg(api.url("/resource")).run().ok();
    api.revoke_all(false);
    let out = api.otok(&env).arg(api.url("/resource")).verbose().run();
    out.ok();
    assert!(
        out.stderr.contains("authorization: Bearer (redacted)"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("HTTP 401"), "{}", out.stderr);
    for secret in [SECRET, "access-1", "access-2", "refresh-1", "refresh-2"] {
        assert!(!out.stderr.contains(secret), "{secret} in:\n{}", out.stderr);
    }
    let quiet = api.otok(&env).arg(api.url("/missing")).run();
    for secret in [SECRET, "access-2", "refresh-2"] {
        assert!(
            !quiet.stderr.contains(secret),
            "{secret} in:\n{}",
            quiet.stderr
        );
    }
}

#[test]
fn a_caller_authorization_header_is_refused() {
    let env = TestEnv::new();
    let api = Api::start(Refusal::Challenge);
    let out = api
        .otok(&env)
        .arg(api.url("/resource"))
        .args(["-H", "Authorization: Bearer mine"])
        .run();
    out.fails(3, &["otok sends the Authorization header itself"]);
    drop(api.server.may_be_unused());
}

/// The token is never in any process's command line while otok waits for a slow answer.
#[cfg(target_os = "linux")]
#[test]
fn no_command_line_holds_the_token() {
    let env = TestEnv::new();
    let api = Api::with(Refusal::Challenge, Duration::from_secs(2));
    let child = api
        .otok(&env)
        .arg(api.url("/resource"))
        .std()
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let waited = std::time::Instant::now();
    while api.resource_requests().is_empty() {
        assert!(
            waited.elapsed() < Duration::from_secs(20),
            "no resource request"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let own = std::fs::read(format!("/proc/{}/cmdline", child.id())).unwrap();
    assert!(text(&own).contains("request"), "{}", text(&own));
    let mut seen = 0;
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        if let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) {
            seen += 1;
            assert!(!text(&cmdline).contains("access-1"), "{}", text(&cmdline));
        }
    }
    assert!(seen > 1);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), r#"{"sub":"me","vin":"V1"}"#);
}

#[test]
fn a_post_is_never_sent_twice_but_a_get_is_tried_again_on_a_5xx() {
    let env = TestEnv::new();
    let api = Api::start(Refusal::Challenge);
    let broken = |api: &Api| {
        api.resource_requests()
            .iter()
            .filter(|r| r.path == "/broken")
            .count()
    };
    let out = api
        .otok(&env)
        .arg(api.url("/broken"))
        .args(["-d", "a=1"])
        .run();
    assert_eq!(out.code, 23, "{}", out.stderr);
    assert_eq!(broken(&api), 1, "the POST reached the server once");
    let out = api.otok(&env).arg(api.url("/broken")).run();
    assert_eq!(out.code, 23, "{}", out.stderr);
    assert_eq!(broken(&api), 1 + 3, "the GET was tried three times");
}

#[test]
fn any_kind_of_answer_is_accepted_unless_said_otherwise() {
    let env = TestEnv::new();
    let api = Api::start(Refusal::Challenge);
    api.otok(&env).arg(api.url("/file")).run();
    api.otok(&env)
        .arg(api.url("/file"))
        .args(["-H", "Accept: image/png"])
        .run();
    let accepts: Vec<Vec<String>> = api
        .resource_requests()
        .iter()
        .filter(|r| r.path == "/file")
        .map(|r| {
            r.headers
                .iter()
                .filter(|(k, _)| k == "accept")
                .map(|(_, v)| v.clone())
                .collect()
        })
        .collect();
    assert_eq!(accepts, [vec!["*/*"], vec!["image/png"]]);
}
