//! DPoP (RFC 9449): tokens bound to a key of otok's, against a loopback authorization and
//! resource server that checks every proof as a real one does — its type, algorithm and
//! signature by the key it carries, the request it names, its age, a `jti` never seen before,
//! the server's nonce (asked for with a `use_dpop_nonce` challenge first), and at the resource
//! the token it goes with (`ath`) and the key that token is bound to (`cnf.jkt`).

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};

use crate::support::jws::{self, b64url, sha256_b64, thumbprint, Jws};
use crate::support::server::{Recorded, Reply, Server};
use crate::support::{Otok, TestEnv};

const ID: &str = "dpop-client";
const SECRET: &str = "dpop-client-secret-41b7";
const AS_NONCE: &str = "as-nonce-Yk3.x_~";
const RS_NONCE: &str = "rs-nonce-9Qe";

/// How the server behaves, where a test needs it to misbehave.
#[derive(Clone)]
struct Behaviour {
    /// The nonce the token endpoint asks for.
    as_nonce: String,
    /// The nonce the resource asks for.
    rs_nonce: String,
    /// Issue access tokens whose `cnf.jkt` names another key than the proof's.
    bind_to_another_key: bool,
    /// Whether the metadata lists `dpop_signing_alg_values_supported`.
    advertises_dpop: bool,
}

/// The key of the client's assertions, when it authenticates with one (`private_key_jwt`).
const CLIENT_KEY: &str = "ec256.pkcs8.pem";

impl Default for Behaviour {
    fn default() -> Behaviour {
        Behaviour {
            as_nonce: AS_NONCE.into(),
            rs_nonce: RS_NONCE.into(),
            bind_to_another_key: false,
            advertises_dpop: true,
        }
    }
}

#[derive(Default)]
struct State {
    /// Every proof `jti` the server has seen: a proof is good for one request.
    jtis: HashSet<String>,
    /// Access and refresh tokens issued, with the thumbprint of the key each is bound to
    /// (`None`: a bearer token).
    access: HashMap<String, Option<String>>,
    refresh: HashMap<String, Option<String>>,
    issued: usize,
    /// Every proof the server received, in order, with the path it came to.
    proofs: Vec<(String, Jws)>,
    /// The `jti` of every client assertion received: each is good for one request too.
    assertion_jtis: Vec<String>,
    /// Access tokens the authorization server has revoked.
    revoked: HashSet<String>,
    /// Why the server refused a request other than for a nonce; a test that provokes no
    /// refusal expects none.
    refusals: Vec<String>,
}

/// One server for both roles: `/token` (client_credentials and refresh_token, the client
/// authenticated by Basic), `/resource` (any method, DPoP tokens only) and its metadata.
struct Api {
    server: Server,
    state: Arc<Mutex<State>>,
}

/// Why a proof is refused.
enum Refusal {
    /// Good, but without the server's latest nonce.
    Nonce,
    Invalid(String),
}

impl Api {
    fn start() -> Api {
        Api::with(Behaviour::default())
    }

    fn with(behaviour: Behaviour) -> Api {
        let state = Arc::new(Mutex::new(State::default()));
        let me = Arc::new(Mutex::new(String::new()));
        let (shared, base) = (state.clone(), me.clone());
        let server = Server::start(move |req| {
            let url = base.lock().unwrap().clone();
            let mut st = shared.lock().unwrap();
            match req.path.as_str() {
                "/.well-known/openid-configuration" => {
                    let mut doc = json!({
                        "issuer": url,
                        "token_endpoint": format!("{url}/token"),
                        "token_endpoint_auth_methods_supported": ["client_secret_basic"],
                    });
                    if behaviour.advertises_dpop {
                        doc["dpop_signing_alg_values_supported"] = json!(["ES256"]);
                    }
                    Reply::json(200, doc)
                }
                "/token" => token(&mut st, req, &url, &behaviour),
                _ => resource(&mut st, req, &url, &behaviour),
            }
        });
        *me.lock().unwrap() = server.url.clone();
        Api { server, state }
    }

    /// The test expects no request: the server fails it, when dropped, if one came.
    fn expect_no_requests(self) -> Api {
        Api {
            server: self.server.expect_no_requests(),
            state: self.state,
        }
    }

    fn token_url(&self) -> String {
        format!("{}/token", self.server.url)
    }

    /// `otok COMMAND` as the client, with its endpoints on the command line, on the file store.
    fn otok(&self, env: &TestEnv, command: &str) -> Otok {
        env.otok()
            .arg(command)
            .generic_at(self.token_url())
            .client(ID)
            .secret(SECRET)
            .store("file")
    }

    /// A config file with the profile `api` (DPoP on, `api_url` this server) and the profile
    /// `plain` (no DPoP).
    fn config(&self, env: &TestEnv) -> PathBuf {
        env.write(
            "config.toml",
            &format!(
                r#"
[profiles.api]
provider = "generic"
token_url = "{url}/token"
api_url = "{url}"
client_id = "{ID}"
dpop = true

[profiles.plain]
provider = "generic"
token_url = "{url}/token"
client_id = "{ID}"
"#,
                url = self.server.url
            ),
        )
    }

    /// `otok COMMAND PROFILE` with the profiles of [`Api::config`], on the file store.
    fn profile(&self, env: &TestEnv, command: &str, profile: &str) -> Otok {
        env.otok()
            .arg(command)
            .profile(profile, self.config(env))
            .secret(SECRET)
            .store("file")
    }

    fn requests_to(&self, path: &str) -> Vec<Recorded> {
        self.server
            .requests()
            .into_iter()
            .filter(|r| r.path == path)
            .collect()
    }

    /// The proofs sent to `path`, in order.
    fn proofs_to(&self, path: &str) -> Vec<Jws> {
        let st = self.state.lock().unwrap();
        st.proofs
            .iter()
            .filter(|(p, _)| p == path)
            .map(|(_, proof)| proof.clone())
            .collect()
    }

    /// The authorization server revokes every access token it issued.
    fn revoke_access_tokens(&self) {
        let mut st = self.state.lock().unwrap();
        let tokens: Vec<String> = st.access.drain().map(|(token, _)| token).collect();
        st.revoked.extend(tokens);
    }

    /// Fails the test if the server refused anything but for its nonce.
    fn refused_nothing(&self) {
        let st = self.state.lock().unwrap();
        assert!(st.refusals.is_empty(), "refused: {:#?}", st.refusals);
    }
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Checks a DPoP proof as RFC 9449 §4.3 has a server check it, for `method` on `htu`, with
/// `token` at a resource; returns the thumbprint of its key.
fn check_proof(
    st: &mut State,
    path: &str,
    raw: &str,
    method: &str,
    htu: &str,
    token: Option<&str>,
    nonce: &str,
) -> Result<String, Refusal> {
    let proof = Jws::parse(raw).map_err(Refusal::Invalid)?;
    st.proofs.push((path.to_string(), proof.clone()));
    let invalid = |why: String| Err(Refusal::Invalid(why));
    let (header, claims) = (&proof.header, &proof.claims);
    if header["typ"] != "dpop+jwt" {
        return invalid(format!("typ is {}", header["typ"]));
    }
    let key = &header["jwk"];
    if key["kty"] != "EC" || key["crv"] != "P-256" || key.get("d").is_some() {
        return invalid(format!("jwk {key} is not a public P-256 key"));
    }
    proof.verify("ES256", key).map_err(Refusal::Invalid)?;
    if claims["htm"] != method {
        return invalid(format!("htm {} for a {method}", claims["htm"]));
    }
    if claims["htu"] != htu {
        return invalid(format!("htu {} for {htu}", claims["htu"]));
    }
    match claims["iat"].as_u64() {
        Some(iat) if iat.abs_diff(now()) <= 60 => {}
        _ => return invalid(format!("iat {} is not now", claims["iat"])),
    }
    match claims["jti"].as_str() {
        Some(jti) if !jti.is_empty() => {
            if !st.jtis.insert(jti.to_string()) {
                return invalid(format!("jti {jti} was used before"));
            }
        }
        _ => return invalid("no jti".into()),
    }
    if let Some(token) = token {
        if claims["ath"] != sha256_b64(token.as_bytes()) {
            return invalid(format!("ath {} is not the token's", claims["ath"]));
        }
    }
    if claims["nonce"] != nonce {
        return Err(Refusal::Nonce);
    }
    Ok(thumbprint(key))
}

/// An access token as a JWT (its signature is not one: otok reads, never verifies, it) bound to
/// the key of thumbprint `jkt`.
fn access_token(url: &str, n: usize, jkt: &str) -> String {
    let header = json!({"alg": "ES256", "typ": "at+jwt", "kid": "as-key-1"});
    let claims = json!({"iss": url, "sub": ID, "client_id": ID, "jti": format!("at-{n}"),
                        "iat": now(), "exp": now() + 3600, "cnf": {"jkt": jkt}});
    format!(
        "{}.{}.{}",
        b64url(header.to_string().as_bytes()),
        b64url(claims.to_string().as_bytes()),
        b64url(format!("not-a-signature-{n}").as_bytes())
    )
}

/// Checks a client assertion as RFC 7523 §3 has a server check it: signed by the client's
/// key, for this token endpoint, fresh, and never seen before.
fn check_assertion(st: &mut State, raw: &str, url: &str) -> Result<(), String> {
    let assertion = Jws::parse(raw)?;
    assertion.verify("ES256", &jws::jwk("ec256.jwk"))?;
    let claims = &assertion.claims;
    if claims["iss"] != ID || claims["sub"] != ID || claims["aud"] != format!("{url}/token") {
        return Err(format!("assertion claims {claims}"));
    }
    if claims["exp"].as_u64().is_none_or(|exp| exp <= now()) {
        return Err(format!("assertion expired: {claims}"));
    }
    let jti = claims["jti"].as_str().unwrap_or_default().to_string();
    if jti.is_empty() || st.assertion_jtis.contains(&jti) {
        return Err(format!("assertion jti {jti:?} is missing or used before"));
    }
    st.assertion_jtis.push(jti);
    Ok(())
}

fn token(st: &mut State, req: &Recorded, url: &str, behaviour: &Behaviour) -> Reply {
    let form = req.form().unwrap_or_default();
    let client = match (req.basic_raw(), form.get("client_assertion")) {
        (Some(basic), None) if basic == format!("{ID}:{SECRET}") => Ok(()),
        (None, Some(assertion)) => check_assertion(st, assertion, url),
        _ => Err("neither the client's secret nor an assertion".to_string()),
    };
    if let Err(why) = client {
        st.refusals.push(format!("token: {why}"));
        return Reply::json(401, json!({"error": "invalid_client"}));
    }
    let jkt = match req.header("dpop") {
        None => None,
        Some(proof) => {
            let htu = format!("{url}/token");
            match check_proof(st, "/token", proof, "POST", &htu, None, &behaviour.as_nonce) {
                Ok(jkt) => Some(jkt),
                Err(Refusal::Nonce) => {
                    return Reply::json(
                        400,
                        json!({"error": "use_dpop_nonce",
                               "error_description": "Authorization server requires nonce in DPoP proof"}),
                    )
                    .header("DPoP-Nonce", &behaviour.as_nonce)
                }
                Err(Refusal::Invalid(why)) => {
                    st.refusals.push(format!("token: {why}"));
                    return Reply::json(
                        400,
                        json!({"error": "invalid_dpop_proof", "error_description": why}),
                    );
                }
            }
        }
    };
    match form.get("grant_type").map(String::as_str) {
        Some("client_credentials") => {}
        Some("refresh_token") => {
            let presented = form.get("refresh_token").cloned().unwrap_or_default();
            match st.refresh.remove(&presented) {
                Some(bound) if bound == jkt => {}
                Some(_) => {
                    st.refusals
                        .push("a refresh token with another key than its own".into());
                    return Reply::json(400, json!({"error": "invalid_grant"}));
                }
                None => return Reply::json(400, json!({"error": "invalid_grant"})),
            }
        }
        _ => return Reply::json(400, json!({"error": "unsupported_grant_type"})),
    }
    st.issued += 1;
    let n = st.issued;
    let refresh = format!("refresh-{n}");
    st.refresh.insert(refresh.clone(), jkt.clone());
    let Some(jkt) = jkt else {
        let access = format!("bearer-{n}");
        st.access.insert(access.clone(), None);
        return Reply::json(
            200,
            json!({"access_token": access, "token_type": "Bearer", "expires_in": 3600,
                   "refresh_token": refresh}),
        );
    };
    let bound = if behaviour.bind_to_another_key {
        thumbprint(&jws::jwk("ec256.jwk"))
    } else {
        jkt
    };
    let access = access_token(url, n, &bound);
    st.access.insert(access.clone(), Some(bound));
    Reply::json(
        200,
        json!({"access_token": access, "token_type": "DPoP", "expires_in": 3600,
               "refresh_token": refresh}),
    )
}

fn resource(st: &mut State, req: &Recorded, url: &str, behaviour: &Behaviour) -> Reply {
    let refuse = |st: &mut State, why: String| {
        st.refusals.push(format!("resource: {why}"));
        Reply::json(401, json!({"error": "invalid_token"})).header(
            "WWW-Authenticate",
            r#"DPoP algs="ES256", error="invalid_token""#,
        )
    };
    let Some(token) = req
        .header("authorization")
        .and_then(|v| v.strip_prefix("DPoP "))
    else {
        let why = format!("Authorization is {:?}", req.header("authorization"));
        return refuse(st, why);
    };
    if st.revoked.contains(token) {
        return Reply::json(401, json!({"error": "invalid_token"})).header(
            "WWW-Authenticate",
            r#"DPoP algs="ES256", error="invalid_token", error_description="revoked""#,
        );
    }
    let Some(Some(bound)) = st.access.get(token).cloned() else {
        return refuse(st, format!("{token} is not a DPoP token of this server"));
    };
    let Some(proof) = req.header("dpop") else {
        return refuse(st, "no proof".into());
    };
    let htu = format!("{url}{}", req.path);
    let nonce = &behaviour.rs_nonce;
    match check_proof(st, &req.path, proof, &req.method, &htu, Some(token), nonce) {
        Ok(jkt) if jkt == bound => {
            Reply::json(200, json!({"resource": req.path, "query": req.query}))
        }
        Ok(jkt) => refuse(st, format!("the proof's key {jkt} is not the token's {bound}")),
        Err(Refusal::Nonce) => Reply::json(401, json!({"error": "use_dpop_nonce"}))
            .header(
                "WWW-Authenticate",
                r#"DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof""#,
            )
            .header("DPoP-Nonce", nonce),
        Err(Refusal::Invalid(why)) => refuse(st, why),
    }
}

/// The claims of a JWT access token.
fn token_claims(token: &str) -> Value {
    let claims = token.split('.').nth(1).expect("a JWT");
    serde_json::from_slice(&jws::unb64url(claims).unwrap()).unwrap()
}

/// The one stored record's DPoP key (its kept form).
fn stored_dpop_key(env: &TestEnv) -> Value {
    let stored = env.stored_records();
    assert_eq!(stored.len(), 1, "{stored:#?}");
    stored[0]["dpop_key"].clone()
}

#[test]
fn a_dpop_token_is_got_with_a_proof_that_answers_the_nonce_challenge() {
    let env = TestEnv::new();
    let api = Api::start();
    let out = api.otok(&env, "token").arg("--dpop").run();
    let token = out.ok().trim_end().to_string();
    assert!(
        !out.stderr.contains("token_type") && !out.stderr.contains("warning"),
        "{}",
        out.stderr
    );
    api.refused_nothing();

    let requests = api.requests_to("/token");
    assert_eq!(requests.len(), 2, "the nonce challenge, then the retry");
    let proofs = api.proofs_to("/token");
    assert_eq!(proofs.len(), 2);
    assert!(
        proofs[0].claims.get("nonce").is_none(),
        "no nonce known yet"
    );
    assert_eq!(proofs[1].claims["nonce"], AS_NONCE);
    assert_ne!(proofs[0].claims["jti"], proofs[1].claims["jti"]);
    assert_eq!(proofs[0].header["jwk"], proofs[1].header["jwk"], "one key");
    for req in &requests {
        assert_eq!(req.form().unwrap()["grant_type"], "client_credentials");
    }
    let jkt = thumbprint(&proofs[1].header["jwk"]);
    assert_eq!(token_claims(&token)["cnf"]["jkt"], jkt);
    assert!(
        stored_dpop_key(&env).is_string(),
        "the key is kept with the token"
    );

    // The stored token is served, with no request.
    assert_eq!(
        api.otok(&env, "token").arg("--dpop").run().ok(),
        format!("{token}\n")
    );
    assert_eq!(api.server.count(), 2);
}

#[test]
fn request_presents_the_token_with_a_proof_for_the_resource() {
    let env = TestEnv::new();
    let api = Api::start();
    let out = api
        .profile(&env, "request", "api")
        .arg("/resource?page=2&q=a%20b")
        .run();
    assert_eq!(
        out.ok(),
        r#"{"query":"page=2&q=a%20b","resource":"/resource"}"#
    );
    api.refused_nothing();

    let token_proofs = api.proofs_to("/token");
    let jkt = thumbprint(&token_proofs[0].header["jwk"]);
    let resource = api.requests_to("/resource");
    assert_eq!(resource.len(), 2, "the nonce challenge, then the retry");
    let proofs = api.proofs_to("/resource");
    assert_eq!(proofs.len(), 2);
    for (req, proof) in resource.iter().zip(&proofs) {
        let token = req
            .header("authorization")
            .and_then(|v| v.strip_prefix("DPoP "))
            .expect("Authorization: DPoP <token>");
        assert_eq!(token_claims(token)["cnf"]["jkt"], jkt);
        assert_eq!(thumbprint(&proof.header["jwk"]), jkt, "the token's key");
        assert_eq!(proof.claims["htm"], "GET");
        assert_eq!(
            proof.claims["htu"],
            format!("{}/resource", api.server.url),
            "htu has no query"
        );
        assert_eq!(proof.claims["ath"], sha256_b64(token.as_bytes()));
    }
    assert!(proofs[0].claims.get("nonce").is_none());
    assert_eq!(proofs[1].claims["nonce"], RS_NONCE);

    // Another method: the proof names it.
    api.profile(&env, "request", "api")
        .args(["-X", "DELETE", "/resource"])
        .run()
        .ok();
    api.refused_nothing();
    let last = api.proofs_to("/resource").pop().unwrap();
    assert_eq!(last.claims["htm"], "DELETE");
    assert_eq!(api.requests_to("/resource").pop().unwrap().method, "DELETE");
}

#[test]
fn refresh_proves_the_same_key_and_keeps_it() {
    let env = TestEnv::new();
    let api = Api::start();
    let first = api.profile(&env, "token", "api").run();
    let first = first.ok().to_string();
    let kept = stored_dpop_key(&env);
    let jkt = thumbprint(&api.proofs_to("/token")[0].header["jwk"]);

    let second = api.profile(&env, "refresh", "api").run();
    assert_ne!(second.ok(), first, "a new token");
    api.refused_nothing();
    let requests = api.requests_to("/token");
    assert_eq!(
        requests.len(),
        4,
        "two for each token, each with a nonce challenge"
    );
    for req in &requests[2..] {
        let form = req.form().unwrap();
        assert_eq!(form["grant_type"], "refresh_token");
        assert_eq!(form["refresh_token"], "refresh-1");
    }
    for proof in &api.proofs_to("/token")[2..] {
        assert_eq!(thumbprint(&proof.header["jwk"]), jkt, "the same key");
    }
    assert_eq!(token_claims(second.stdout.trim_end())["cnf"]["jkt"], jkt);
    assert_eq!(stored_dpop_key(&env), kept, "the stored key is unchanged");
}

#[test]
fn a_token_bound_to_another_key_is_not_presented() {
    let env = TestEnv::new();
    let api = Api::with(Behaviour {
        bind_to_another_key: true,
        ..Behaviour::default()
    });
    api.profile(&env, "request", "api")
        .arg("/resource")
        .run()
        .fails(
            7,
            &["the stored DPoP key is not the key the access token is bound to"],
        );
    assert!(api.requests_to("/resource").is_empty());
    api.refused_nothing();
}

#[test]
fn dpop_proof_prints_a_proof_for_another_tool() {
    let env = TestEnv::new();
    let api = Api::start();
    let token = api
        .profile(&env, "token", "api")
        .run()
        .ok()
        .trim_end()
        .to_string();
    let jkt = token_claims(&token)["cnf"]["jkt"].clone();
    let proof_of = |nonce: &str| {
        let out = api
            .profile(&env, "dpop-proof", "api")
            .args(["--method", "GET", "--url", "https://api.example/x?y=1#f"])
            .args(["--nonce", nonce])
            .run();
        let text = out.ok();
        assert_eq!(text.lines().count(), 1, "{text}");
        Jws::parse(text.trim_end()).unwrap()
    };
    let proof = proof_of("n1");
    assert_eq!(proof.header["typ"], "dpop+jwt");
    assert!(proof.header["jwk"].get("d").is_none());
    proof.verify("ES256", &proof.header["jwk"]).unwrap();
    assert_eq!(thumbprint(&proof.header["jwk"]), jkt);
    let claims = &proof.claims;
    assert_eq!(claims["htm"], "GET");
    assert_eq!(claims["htu"], "https://api.example/x");
    assert_eq!(claims["ath"], sha256_b64(token.as_bytes()));
    assert_eq!(claims["nonce"], "n1");
    assert!(claims["iat"].as_u64().unwrap().abs_diff(now()) <= 60);
    assert_ne!(
        proof_of("n2").claims["jti"],
        claims["jti"],
        "a new jti each time"
    );
    assert_eq!(
        api.requests_to("/token").len(),
        2,
        "the stored token's key signs"
    );
}

#[test]
fn dpop_proof_of_a_bearer_token_is_refused() {
    let env = TestEnv::new();
    let api = Api::start();
    api.profile(&env, "dpop-proof", "plain")
        .args(["--method", "GET", "--url", "https://api.example/x"])
        .run()
        .fails(3, &["plain", "is not DPoP-bound"]);
}

#[test]
fn switching_dpop_on_or_off_gets_a_token_of_the_other_kind() {
    let env = TestEnv::new();
    let api = Api::start();
    let bearer = || api.otok(&env, "token");
    let dpop = || api.otok(&env, "token").arg("--dpop");
    let grants = || -> Vec<(String, bool)> {
        api.requests_to("/token")
            .iter()
            .map(|r| {
                let grant = r.form().unwrap()["grant_type"].clone();
                (grant, r.header("dpop").is_some())
            })
            .collect()
    };
    let cc = |proof: bool| ("client_credentials".to_string(), proof);

    assert_eq!(bearer().run().ok(), "bearer-1\n");
    assert_eq!(grants(), [cc(false)]);

    let bound = dpop().run().ok().to_string();
    assert!(
        bound.starts_with("ey"),
        "a DPoP JWT, not the bearer token: {bound}"
    );
    assert_eq!(grants(), [cc(false), cc(true), cc(true)]);
    assert_eq!(dpop().run().ok(), bound, "served from the store");
    assert_eq!(api.server.count(), 3);

    assert_eq!(bearer().run().ok(), "bearer-3\n");
    assert_eq!(grants(), [cc(false), cc(true), cc(true), cc(false)]);
    assert_eq!(bearer().run().ok(), "bearer-3\n");
    assert_eq!(api.server.count(), 4);
    assert!(
        stored_dpop_key(&env).is_null(),
        "no key kept for a bearer token"
    );
    api.refused_nothing();
}

#[test]
fn dpop_auto_follows_the_metadata() {
    for advertised in [true, false] {
        let env = TestEnv::new();
        let api = Api::with(Behaviour {
            advertises_dpop: advertised,
            ..Behaviour::default()
        });
        let config = env.write(
            "config.toml",
            &format!(
                "[profiles.auto]\nprovider = \"generic\"\nissuer = \"{}\"\nclient_id = \"{ID}\"\n\
                 dpop = \"auto\"\n",
                api.server.url
            ),
        );
        let out = env
            .otok()
            .token()
            .profile("auto", &config)
            .secret(SECRET)
            .run();
        let token = out.ok();
        let proofs = api.requests_to("/token");
        assert_eq!(
            proofs.iter().all(|r| r.header("dpop").is_some()),
            advertised,
            "advertised: {advertised}"
        );
        assert_eq!(token.starts_with("bearer-"), !advertised, "{token}");
        api.refused_nothing();
    }
}

#[test]
fn a_hostile_nonce_from_the_token_endpoint_is_not_honoured() {
    for nonce in [
        "a\"b".to_string(),
        "a\\b".to_string(),
        "a\tb".to_string(),
        "n".repeat(1025),
    ] {
        let env = TestEnv::new();
        let api = Api::with(Behaviour {
            as_nonce: nonce.clone(),
            ..Behaviour::default()
        });
        let out = api.otok(&env, "token").arg("--dpop").run();
        out.fails(4, &["use_dpop_nonce"]);
        assert_eq!(
            api.requests_to("/token").len(),
            1,
            "no retry with the nonce {nonce:?}"
        );
        api.refused_nothing();
    }
}

#[test]
fn a_hostile_nonce_from_the_resource_server_is_not_honoured() {
    let env = TestEnv::new();
    let api = Api::with(Behaviour {
        rs_nonce: "r\"s".into(),
        ..Behaviour::default()
    });
    let out = api.profile(&env, "request", "api").arg("/resource").run();
    assert_eq!(out.code, 22, "a 4xx answer: {}", out.stderr);
    assert_eq!(out.stdout, r#"{"error":"use_dpop_nonce"}"#);
    assert_eq!(api.requests_to("/resource").len(), 1, "no retry");
    api.refused_nothing();
}

#[test]
fn verbose_trace_shows_the_proofs_but_no_token() {
    let env = TestEnv::new();
    let api = Api::start();
    let out = api
        .profile(&env, "request", "api")
        .verbose()
        .arg("/resource")
        .run();
    out.ok();
    api.refused_nothing();
    let proof_lines: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.contains("DPoP proof header {"))
        .collect();
    assert!(!proof_lines.is_empty(), "{}", out.stderr);
    for line in &proof_lines {
        for shown in [
            r#""typ":"dpop+jwt""#,
            r#""alg":"ES256""#,
            r#""htm":""#,
            r#""htu":""#,
            "(signature not shown)",
        ] {
            assert!(line.contains(shown), "{shown} not in {line}");
        }
    }
    let dpop_headers: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.to_ascii_lowercase().contains("dpop: "))
        .collect();
    assert!(!dpop_headers.is_empty(), "{}", out.stderr);
    for line in &dpop_headers {
        assert!(line.ends_with("dpop: (redacted)"), "{line}");
    }

    let st = api.state.lock().unwrap();
    let mut secrets: Vec<String> = st.access.keys().chain(st.refresh.keys()).cloned().collect();
    for (_, proof) in &st.proofs {
        secrets.push(proof.raw.clone());
        secrets.push(proof.signature_segment().to_string());
    }
    secrets.push(SECRET.to_string());
    assert!(secrets.len() > 4);
    let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
    out.leaks_none(&secrets);
}

#[test]
fn the_nonce_retry_signs_a_new_client_assertion() {
    let env = TestEnv::new();
    let api = Api::start();
    let out = env
        .otok()
        .token()
        .generic_at(api.token_url())
        .client(ID)
        .args(["--dpop", "--private-key-file"])
        .arg(jws::key_path(CLIENT_KEY))
        .run();
    out.ok();
    api.refused_nothing();
    let requests = api.requests_to("/token");
    assert_eq!(requests.len(), 2, "the nonce challenge, then the retry");
    let jtis = api.state.lock().unwrap().assertion_jtis.clone();
    assert_eq!(jtis.len(), 2, "an assertion in each request");
    assert_ne!(jtis[0], jtis[1]);
}

#[test]
fn a_refused_dpop_token_is_refreshed_with_the_same_key() {
    let env = TestEnv::new();
    let api = Api::start();
    let request = || api.profile(&env, "request", "api").arg("/resource");
    request().run().ok();
    let jkt = thumbprint(&api.proofs_to("/token")[0].header["jwk"]);

    api.revoke_access_tokens();
    let out = request().run();
    assert_eq!(out.ok(), r#"{"query":"","resource":"/resource"}"#);
    assert!(out.stderr.contains("invalid_token"), "{}", out.stderr);
    api.refused_nothing();
    let grants: Vec<String> = api
        .requests_to("/token")
        .iter()
        .map(|r| r.form().unwrap()["grant_type"].clone())
        .collect();
    assert_eq!(
        grants,
        [
            "client_credentials",
            "client_credentials",
            "refresh_token",
            "refresh_token"
        ]
    );
    // Refused, then the new token with the nonce challenge and its retry.
    assert_eq!(api.requests_to("/resource").len(), 2 + 3);
    for proof in api
        .proofs_to("/token")
        .iter()
        .chain(&api.proofs_to("/resource"))
    {
        assert_eq!(thumbprint(&proof.header["jwk"]), jkt);
    }
    let last = api.requests_to("/resource").pop().unwrap();
    let token = last
        .header("authorization")
        .unwrap()
        .strip_prefix("DPoP ")
        .unwrap();
    assert_eq!(token_claims(token)["jti"], "at-2", "the refreshed token");
}

#[test]
fn status_never_shows_the_dpop_key() {
    let env = TestEnv::new();
    let api = Api::start();
    let token = api
        .otok(&env, "token")
        .arg("--dpop")
        .run()
        .ok()
        .trim_end()
        .to_string();
    let kept = stored_dpop_key(&env);
    let kept = kept.as_str().expect("a kept key");
    let out = env.otok().status().store("file").format("json").run();
    let rows: Value = serde_json::from_str(out.ok()).unwrap();
    assert_eq!(rows.as_array().map(Vec::len), Some(1), "{rows}");
    out.leaks_none(&[kept, &token, "refresh-1"]);
}

#[test]
fn dpop_proof_refuses_a_nonce_that_is_not_one() {
    let env = TestEnv::new();
    let api = Api::start().expect_no_requests();
    for nonce in ["", "a\"b", "a b", "a\u{7f}b"] {
        api.profile(&env, "dpop-proof", "api")
            .args([
                "--method",
                "GET",
                "--url",
                "https://api.example/x",
                "--nonce",
                nonce,
            ])
            .run()
            .fails(3, &["nonce"]);
    }
}

#[test]
fn dpop_proof_refuses_a_nonce_with_a_backslash() {
    let env = TestEnv::new();
    let api = Api::start().expect_no_requests();
    api.profile(&env, "dpop-proof", "api")
        .args([
            "--method",
            "GET",
            "--url",
            "https://api.example/x",
            "--nonce",
            "a\\b",
        ])
        .run()
        .fails(3, &["nonce"]);
}
