//! Loopback stand-ins for the four built-in providers. Each accepts only the request shape
//! that `providers.md` documents (method, path, content type, where the client credentials
//! go, every parameter name) and answers anything else as the real server would: with an
//! error. Their credentials are the constants below.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Map, Value};

use super::server::{Recorded, Reply, Server};

pub const MYQ_ID: &str = "7B4CD3C2-F57E-4D52-A90A-23EED001CE81";
pub const MYQ_SECRET: &str = "myq-secret-89fbf537fe689f";
pub const MYQ_CARD: &str = "card-123456";
pub const MYQ_PIN: &str = "4711";
/// PINs of two more people, who log in with their PIN alone.
pub const MYQ_OTHER_PINS: [&str; 2] = ["1111", "2222"];
pub const MYQ_USER: &str = "jdoe";
pub const MYQ_PWD: &str = "myq-user-password";
pub const MYQ_CODE: &str = "myq-code-6f1";

pub const MYFOX_ID: &str = "myfox-app";
pub const MYFOX_SECRET: &str = "myfox-secret-0f3c9a";
pub const MYFOX_USER: &str = "me@example.com";
pub const MYFOX_PASSWORD: &str = "myfox-pa ss&word=1";
pub const MYFOX_CODE: &str = "myfox-code-2b7";

pub const MYPOS_ID: &str = "mypos-client";
pub const MYPOS_SECRET: &str = "mypos-secret-77aa21";

pub const HM_ID: &str = "hm-client-0001";
pub const HM_SECRET: &str = "hm-secret-5e5e5e";
pub const HM_KEY_ID: &str = "hm-key-id-42";
pub const HM_CODE: &str = "hm-code-9c3";

/// The token a provider hands out for its `n`th request.
pub fn token_for(provider: &str, n: usize) -> String {
    format!("{provider}-access-{n}")
}

fn reject(status: u16, why: String) -> Reply {
    Reply::json(
        status,
        json!({"error": "invalid_request", "error_description": why}),
    )
}

/// Runs `check` on each request; a check that fails answers 400 with the reason.
fn strict(
    check: impl Fn(&Recorded, usize) -> Result<Reply, String> + Send + Sync + 'static,
) -> Server {
    let n = AtomicUsize::new(0);
    Server::start(move |req| {
        let i = n.fetch_add(1, Ordering::SeqCst) + 1;
        check(req, i).unwrap_or_else(|why| reject(400, why))
    })
}

fn expect(cond: bool, why: impl Into<String>) -> Result<(), String> {
    if cond {
        Ok(())
    } else {
        Err(why.into())
    }
}

fn keys_are(got: Vec<&String>, want: &[&str]) -> Result<(), String> {
    let mut got: Vec<&str> = got.into_iter().map(String::as_str).collect();
    let mut want = want.to_vec();
    got.sort();
    want.sort();
    expect(
        got == want,
        format!("parameters {got:?}, expected {want:?}"),
    )
}

fn post_to(req: &Recorded, path: &str, content_type: &str) -> Result<(), String> {
    expect(req.method == "POST", format!("method {}", req.method))?;
    expect(req.path == path, format!("path {}", req.path))?;
    expect(
        req.content_type().starts_with(content_type),
        format!(
            "content type {:?}, expected {content_type}",
            req.content_type()
        ),
    )
}

/// MyQ X: JSON body, client id and secret in the body, grants client_credentials and
/// login_info with the five login types.
pub fn myq() -> Server {
    strict(|req, n| {
        post_to(req, "/api/auth/token", "application/json")?;
        expect(
            req.header("authorization").is_none(),
            "MyQ takes no Authorization header",
        )?;
        let body = req.json()?;
        let s = |k: &str| body.get(k).and_then(Value::as_str).unwrap_or("");
        expect(
            s("client_id") == MYQ_ID && s("client_secret") == MYQ_SECRET,
            "invalid client",
        )?;
        let scoped = body.contains_key("scope");
        let mut keys = vec!["grant_type", "client_id", "client_secret"];
        if scoped {
            keys.push("scope");
        }
        match s("grant_type") {
            "client_credentials" => {}
            "authorization_code" => {
                keys.extend(["code", "redirect_uri"]);
                check_code(s("code"), MYQ_CODE, s("redirect_uri"))?;
            }
            "login_info" => {
                keys.push("login_info");
                check_login_info(
                    body.get("login_info")
                        .and_then(Value::as_object)
                        .ok_or("login_info is not an object")?,
                )?;
            }
            other => return Err(format!("grant_type {other}")),
        }
        keys_are(body.keys().collect(), &keys)?;
        Ok(Reply::json(
            200,
            json!({
                "access_token": token_for("myq", n),
                "token_type": "Bearer",
                "expires_in": 1800,
                "scope": s("scope"),
                "refresh_token": format!("myq-refresh-{n}"),
            }),
        ))
    })
}

fn check_login_info(info: &Map<String, Value>) -> Result<(), String> {
    let field = |k: &str| info.get(k).and_then(Value::as_str);
    let (keys, ok): (&[&str], bool) = match info.get("type").and_then(Value::as_u64) {
        Some(1) => (&["type", "card"], field("card") == Some(MYQ_CARD)),
        Some(2) => (
            &["type", "pin"],
            field("pin").is_some_and(|pin| pin == MYQ_PIN || MYQ_OTHER_PINS.contains(&pin)),
        ),
        Some(3) => (
            &["type", "user", "pwd"],
            field("user") == Some(MYQ_USER) && field("pwd") == Some(MYQ_PWD),
        ),
        Some(4) => (
            &["type", "card", "pin"],
            field("card") == Some(MYQ_CARD) && field("pin") == Some(MYQ_PIN),
        ),
        Some(5) => (
            &["type", "card", "pwd"],
            field("card") == Some(MYQ_CARD) && field("pwd") == Some(MYQ_PWD),
        ),
        _ => {
            return Err(format!(
                "login_info.type must be the number 1 to 5, got {:?}",
                info.get("type")
            ))
        }
    };
    keys_are(info.keys().collect(), keys)?;
    expect(ok, "invalid user credentials")
}

/// Myfox: form body, client id and secret in the body (Basic also accepted), the password
/// grant, no scope. Errors in Myfox's `status: KO` dialect.
pub fn myfox() -> Server {
    strict(|req, n| {
        post_to(req, "/oauth2/token", "application/x-www-form-urlencoded")?;
        let form = req.form()?;
        let f = |k: &str| form.get(k).map(String::as_str).unwrap_or("");
        let (id, secret) = match req.basic_raw() {
            Some(pair) => {
                let (i, s) = pair.split_once(':').ok_or("Basic without a colon")?;
                (i.to_string(), s.to_string())
            }
            None => (f("client_id").to_string(), f("client_secret").to_string()),
        };
        if id != MYFOX_ID || secret != MYFOX_SECRET {
            return Ok(Reply::json(
                401,
                json!({"status": "KO", "error": "invalid_client", "error_description": "Client authentication failed"}),
            ));
        }
        let mut want = vec!["grant_type"];
        if req.basic_raw().is_none() {
            want.extend(["client_id", "client_secret"]);
        }
        if f("grant_type") == "authorization_code" {
            want.extend(["code", "redirect_uri"]);
            keys_are(form.keys().collect(), &want)?;
            check_code(f("code"), MYFOX_CODE, f("redirect_uri"))?;
            return Ok(Reply::json(
                200,
                json!({"access_token": token_for("myfox", n), "refresh_token": format!("myfox-refresh-{n}"), "expires_in": 3600}),
            ));
        }
        expect(
            f("grant_type") == "password",
            format!("grant_type {}", f("grant_type")),
        )?;
        want.extend(["username", "password"]);
        keys_are(form.keys().collect(), &want)?;
        if f("username") != MYFOX_USER || f("password") != MYFOX_PASSWORD {
            return Ok(Reply::json(
                400,
                json!({"status": "KO", "error": "invalid_grant", "error_description": "Invalid username and password combination"}),
            ));
        }
        Ok(Reply::json(
            200,
            json!({
                "access_token": token_for("myfox", n),
                "refresh_token": format!("myfox-refresh-{n}"),
                "expires_in": 3600,
            }),
        ))
    })
}

/// myPOS: form body, HTTP Basic `id:secret` with a colon, client_credentials with the
/// `webhooks` scope, nothing of the client in the body.
///
/// Revocation: POST `/oauth/revoke`, the same Basic credentials, a form with `token` alone.
pub fn mypos() -> Server {
    strict(|req, n| {
        let revoking = req.path == "/oauth/revoke";
        let path = if revoking {
            "/oauth/revoke"
        } else {
            "/oauth/token"
        };
        post_to(req, path, "application/x-www-form-urlencoded")?;
        let basic = req
            .basic_raw()
            .ok_or("myPOS needs HTTP Basic client authentication")?;
        if basic != format!("{MYPOS_ID}:{MYPOS_SECRET}") {
            return Ok(Reply::json(401, json!({"error": "invalid_client"})));
        }
        let form = req.form()?;
        if revoking {
            keys_are(form.keys().collect(), &["token"])?;
            expect(form["token"].starts_with("mypos-access-"), "unknown token")?;
            return Ok(Reply::raw(200, "application/json", ""));
        }
        keys_are(form.keys().collect(), &["grant_type", "scope"])?;
        expect(form["grant_type"] == "client_credentials", "grant_type")?;
        expect(
            form["scope"] == "webhooks",
            format!("scope {}", form["scope"]),
        )?;
        Ok(Reply::json(
            200,
            json!({
                "access_token": token_for("mypos", n),
                "token_type": "Bearer",
                "expires_in": 3600,
                "scope": "webhooks",
            }),
        ))
    })
}

/// High Mobility: JSON body, client_credentials with a secret or an ES256 client assertion
/// (verified with `public_key`), answered 201 with High Mobility's extras.
///
/// Revocation: DELETE `/v1/access_tokens` with a JSON body `{token, client_id, client_secret,
/// token_type_hint?}`.
pub fn highmobility(public_key: Option<Vec<u8>>) -> Server {
    let base = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let base2 = base.clone();
    let server = strict(move |req, n| {
        if req.method == "DELETE" {
            return hm_revoke(req);
        }
        post_to(req, "/v1/access_tokens", "application/json")?;
        expect(
            req.header("authorization").is_none(),
            "High Mobility takes no Authorization header",
        )?;
        let body = req.json()?;
        let s = |k: &str| body.get(k).and_then(Value::as_str).unwrap_or("");
        if s("grant_type") == "authorization_code" {
            return hm_code_exchange(&body, n);
        }
        expect(
            s("grant_type") == "client_credentials",
            format!("grant_type {}", s("grant_type")),
        )?;
        expect(s("client_id") == HM_ID, "client_id is invalid")?;
        if body.contains_key("client_assertion") {
            keys_are(
                body.keys().collect(),
                &[
                    "grant_type",
                    "client_id",
                    "client_assertion_type",
                    "client_assertion",
                ],
            )?;
            expect(
                s("client_assertion_type")
                    == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion_type",
            )?;
            let key = public_key.as_ref().ok_or("no assertion expected")?;
            check_hm_assertion(
                s("client_assertion"),
                key,
                &format!("{}/v1", base2.lock().unwrap()),
            )?;
        } else {
            keys_are(
                body.keys().collect(),
                &["grant_type", "client_id", "client_secret"],
            )?;
            if s("client_secret") != HM_SECRET {
                return Ok(Reply::json(
                    400,
                    json!({"error": "invalid_request", "error_description": "client_secret is invalid"}),
                ));
            }
        }
        Ok(Reply::json(
            201,
            json!({
                "access_token": token_for("hm", n),
                "token_type": "bearer",
                "expires_in": 300,
                "scope": "",
                "status": "approved",
                "authorization_id": "auth-id-1",
            }),
        ))
    });
    *base.lock().unwrap() = server.url.clone();
    server
}

/// The code exchange: `{grant_type, code, redirect_uri, client_id, code_verifier}` for in-app
/// (PKCE) clients, plus `client_secret` for web apps. The owner has not approved yet: the token
/// comes back `pending`.
fn hm_code_exchange(body: &Map<String, Value>, n: usize) -> Result<Reply, String> {
    let s = |k: &str| body.get(k).and_then(Value::as_str).unwrap_or("");
    let mut keys = vec![
        "grant_type",
        "code",
        "redirect_uri",
        "client_id",
        "code_verifier",
    ];
    if body.contains_key("client_secret") {
        keys.push("client_secret");
        expect(s("client_secret") == HM_SECRET, "client_secret is invalid")?;
    }
    keys_are(body.keys().collect(), &keys)?;
    expect(s("client_id") == HM_ID, "client_id is invalid")?;
    check_code(s("code"), HM_CODE, s("redirect_uri"))?;
    let verifier = s("code_verifier");
    expect(
        (43..=128).contains(&verifier.len())
            && verifier
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c)),
        "code_verifier is invalid",
    )?;
    Ok(Reply::json(
        200,
        json!({
            "access_token": token_for("hm", n),
            "token_type": "bearer",
            "expires_in": 3600,
            "refresh_token": format!("hm-refresh-{n}"),
            "scope": "",
            "status": "pending",
            "authorization_id": "auth-id-2",
        }),
    ))
}

/// An authorization code must be the one the test's redirect carried, and come back with the
/// loopback redirect URI it was issued for.
fn check_code(code: &str, want: &str, redirect_uri: &str) -> Result<(), String> {
    expect(code == want, "code is invalid")?;
    expect(
        redirect_uri.starts_with("http://127.0.0.1:"),
        format!("redirect_uri {redirect_uri}"),
    )
}

fn hm_revoke(req: &Recorded) -> Result<Reply, String> {
    expect(
        req.path == "/v1/access_tokens",
        format!("path {}", req.path),
    )?;
    expect(
        req.content_type().starts_with("application/json"),
        "High Mobility revocation takes a JSON body",
    )?;
    expect(
        req.header("authorization").is_none(),
        "High Mobility takes no Authorization header",
    )?;
    let body = req.json()?;
    let s = |k: &str| body.get(k).and_then(Value::as_str).unwrap_or("");
    let mut keys = vec!["token", "client_id", "client_secret"];
    if body.contains_key("token_type_hint") {
        keys.push("token_type_hint");
        expect(
            ["access_token", "refresh_token"].contains(&s("token_type_hint")),
            format!("token_type_hint {}", s("token_type_hint")),
        )?;
    }
    keys_are(body.keys().collect(), &keys)?;
    expect(s("client_id") == HM_ID, "client_id is invalid")?;
    expect(s("client_secret") == HM_SECRET, "client_secret is invalid")?;
    expect(s("token").starts_with("hm-access-"), "token is invalid")?;
    Ok(Reply::json(200, json!({})))
}

fn check_hm_assertion(jwt: &str, public_key: &[u8], audience: &str) -> Result<(), String> {
    let parts: Vec<&str> = jwt.split('.').collect();
    expect(parts.len() == 3, "client_assertion is not a compact JWS")?;
    let decode = |p: &str| {
        URL_SAFE_NO_PAD
            .decode(p)
            .map_err(|_| "bad base64url in the assertion".to_string())
    };
    let header: Value = serde_json::from_slice(&decode(parts[0])?).map_err(|e| e.to_string())?;
    let claims: Value = serde_json::from_slice(&decode(parts[1])?).map_err(|e| e.to_string())?;
    let signature = decode(parts[2])?;
    expect(
        header == json!({"alg": "ES256", "typ": "JWT"}),
        format!("assertion header {header}"),
    )?;
    expect(
        signature.len() == 64,
        format!("signature is {} bytes, not raw R||S", signature.len()),
    )?;
    ring::signature::UnparsedPublicKey::new(&ring::signature::ECDSA_P256_SHA256_FIXED, public_key)
        .verify(format!("{}.{}", parts[0], parts[1]).as_bytes(), &signature)
        .map_err(|_| "client_assertion is signed with an invalid key".to_string())?;
    let obj = claims.as_object().ok_or("claims are not an object")?;
    keys_are(obj.keys().collect(), &["ver", "iss", "aud", "jti", "iat"])?;
    expect(claims["ver"] == 2, "ver must be 2")?;
    expect(claims["iss"] == HM_KEY_ID, format!("iss {}", claims["iss"]))?;
    expect(
        claims["aud"] == audience,
        format!("aud {}, expected {audience}", claims["aud"]),
    )?;
    expect(
        claims["jti"].as_str().is_some_and(|j| j.len() == 36),
        "jti is not a UUID",
    )?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let iat = claims["iat"].as_u64().ok_or("iat is not a number")?;
    expect(iat.abs_diff(now) < 60, "iat is not now")
}

/// A plain RFC 6749 server: form body, HTTP Basic with §2.3.1 encoding, any grant. Answers
/// with the grant it saw, so tests can check extension grants and parameters.
pub fn generic(client_id: &'static str, secret: &'static str) -> Server {
    strict(move |req, n| {
        post_to(req, "/token", "application/x-www-form-urlencoded")?;
        let raw = req
            .basic_raw()
            .ok_or("Basic client authentication required")?;
        let (id, sec) = raw.split_once(':').ok_or("Basic without a colon")?;
        let decode = |s: &str| {
            form_urlencoded::parse(format!("x={s}").as_bytes())
                .next()
                .map(|(_, v)| v.into_owned())
        };
        if decode(id).as_deref() != Some(client_id) || decode(sec).as_deref() != Some(secret) {
            return Ok(Reply::json(
                401,
                json!({"error": "invalid_client", "error_description": "client authentication failed"}),
            ));
        }
        let form: BTreeMap<String, String> = req.form()?;
        expect(
            !form.contains_key("client_secret"),
            "client_secret must not be in the body with Basic",
        )?;
        Ok(Reply::json(
            200,
            json!({
                "access_token": token_for("generic", n),
                "token_type": "Bearer",
                "expires_in": 3600,
                "granted": form,
            }),
        ))
    })
}
