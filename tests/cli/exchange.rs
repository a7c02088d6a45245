//! Grants that start from another credential, against a loopback token endpoint: the
//! JWT-bearer grant with an assertion otok signs (and Google's service account key files), the
//! subject tokens of a token exchange from another profile, a GitLab variable or a Kubernetes
//! token file, and a client assertion taken as it is.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};

use crate::support::server::{Recorded, Reply, Server};
use crate::support::TestEnv;

const TOKEN_EXCHANGE: &str = "urn:ietf:params:oauth:grant-type:token-exchange";
const JWT_BEARER: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

fn key(name: &str) -> String {
    format!("{}/tests/keys/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn jwk(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(key(name)).unwrap()).unwrap()
}

/// A token endpoint that answers every request with a new token `tok-N`.
fn token_endpoint() -> Server {
    let issued = Arc::new(AtomicUsize::new(0));
    Server::start(move |_| {
        let n = issued.fetch_add(1, Ordering::SeqCst) + 1;
        Reply::json(
            200,
            json!({"access_token": format!("tok-{n}"), "token_type": "Bearer", "expires_in": 3600}),
        )
    })
}

fn b64(part: &str) -> Vec<u8> {
    URL_SAFE_NO_PAD.decode(part).unwrap()
}

/// The header and claims of `jws`, after checking its signature with the public part of `jwk`.
fn verified(jws: &str, jwk: &Value) -> (Value, Value) {
    use ring::signature::{self, UnparsedPublicKey};
    let (input, sig) = jws.rsplit_once('.').unwrap();
    let (header, claims) = input.split_once('.').unwrap();
    let header: Value = serde_json::from_slice(&b64(header)).unwrap();
    let sig = b64(sig);
    let member = |m: &str| b64(jwk[m].as_str().unwrap());
    match header["alg"].as_str().unwrap() {
        "RS256" => signature::RsaPublicKeyComponents {
            n: member("n"),
            e: member("e"),
        }
        .verify(
            &signature::RSA_PKCS1_2048_8192_SHA256,
            input.as_bytes(),
            &sig,
        )
        .unwrap(),
        "ES256" => {
            let point = [vec![4], member("x"), member("y")].concat();
            UnparsedPublicKey::new(&signature::ECDSA_P256_SHA256_FIXED, point)
                .verify(input.as_bytes(), &sig)
                .unwrap()
        }
        other => panic!("unexpected alg {other}"),
    }
    (header, serde_json::from_slice(&b64(claims)).unwrap())
}

fn form(req: &Recorded) -> std::collections::BTreeMap<String, String> {
    req.form().unwrap()
}

/// A form's fields, the last of a repeated one (`audience`) kept.
fn fields(body: &[u8]) -> std::collections::BTreeMap<String, String> {
    form_urlencoded::parse(body).into_owned().collect()
}

#[test]
fn jwt_bearer_signs_an_assertion_with_the_key_and_no_client_authenticates() {
    let env = TestEnv::new();
    let server = token_endpoint();
    let token_url = format!("{}/token", server.url);
    for (file, public) in [
        ("rsa.pkcs8.pem", "rsa.jwk"),
        ("ec256.sec1.pem", "ec256.jwk"),
    ] {
        let out = env
            .otok()
            .token()
            .generic(&server)
            .args(["--grant", "jwt-bearer", "--private-key-file", &key(file)])
            .args(["--assertion-issuer", "svc@example", "--key-id", "k-1"])
            .args(["--assertion-subject", "alice", "--scope", "read"])
            .run();
        out.ok();
        let req = server.requests().pop().unwrap();
        let body = form(&req);
        assert_eq!(body["grant_type"], JWT_BEARER);
        assert_eq!(body["scope"], "read");
        for absent in ["client_id", "client_assertion", "client_secret"] {
            assert!(!body.contains_key(absent), "{absent} in {body:?}");
        }
        assert!(req.header("authorization").is_none());
        let (header, claims) = verified(&body["assertion"], &jwk(public));
        assert_eq!(header["kid"], "k-1");
        assert_eq!(claims["iss"], "svc@example");
        assert_eq!(claims["sub"], "alice");
        assert_eq!(claims["aud"], token_url.as_str());
        let (iat, exp) = (
            claims["iat"].as_u64().unwrap(),
            claims["exp"].as_u64().unwrap(),
        );
        assert_eq!(exp - iat, 60);
        assert!(claims["jti"].as_str().is_some_and(|j| j.len() == 36));
    }
}

#[test]
fn jwt_bearer_takes_an_assertion_as_it_is_and_it_names_the_entry() {
    let env = TestEnv::new();
    let server = token_endpoint();
    let run = |assertion: &str| {
        env.otok()
            .token()
            .generic(&server)
            .client("c")
            .secret("client-secret-3b")
            .store("file")
            .args(["--grant", "urn:ietf:params:oauth:grant-type:jwt-bearer"])
            .env("OTOK_ASSERTION", assertion)
            .run()
    };
    assert_eq!(run("assertion-one.x.y").ok(), "tok-1\n");
    let body = form(&server.requests()[0]);
    assert_eq!(body["assertion"], "assertion-one.x.y");
    assert_eq!(run("assertion-two.x.y").ok(), "tok-2\n");
    assert_eq!(run("assertion-one.x.y").ok(), "tok-1\n");
    assert_eq!(server.count(), 2, "the first assertion's token is served");
    // Neither assertion is kept in clear in the store.
    for entry in walk(&env.data_dir()) {
        let text = String::from_utf8_lossy(&std::fs::read(&entry).unwrap()).into_owned();
        assert!(!text.contains("assertion-one"), "{}", entry.display());
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// A Google-style service account key file for `email`, its token URI on `server`.
fn service_account(env: &TestEnv, server: &Server, email: &str) -> std::path::PathBuf {
    let file = env.path(&format!("{email}.json"));
    let json = json!({
        "type": "service_account",
        "project_id": "p",
        "private_key_id": "sa-key-1",
        "private_key": std::fs::read_to_string(key("rsa.pkcs8.pem")).unwrap(),
        "client_email": email,
        "client_id": "1234",
        "token_uri": format!("{}/token", server.url),
    });
    std::fs::write(&file, json.to_string()).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    file
}

#[test]
fn a_service_account_key_file_runs_googles_jwt_bearer_grant() {
    let env = TestEnv::new();
    let server = token_endpoint();
    let run = |file: &std::path::Path| {
        env.otok()
            .token()
            .store("file")
            .arg("--service-account-file")
            .arg(file)
            .args([
                "--scope",
                "https://www.googleapis.com/auth/cloud-platform openid",
            ])
            .run()
    };
    let first = service_account(&env, &server, "ci@project.iam.gserviceaccount.com");
    let out = run(&first);
    assert_eq!(out.ok(), "tok-1\n");
    assert_eq!(out.stderr, "");
    let body = form(&server.only());
    assert_eq!(body["grant_type"], JWT_BEARER);
    assert_eq!(
        body.keys().collect::<Vec<_>>(),
        ["assertion", "grant_type"],
        "no client, and the scopes in the assertion"
    );
    let (header, claims) = verified(&body["assertion"], &jwk("rsa.jwk"));
    assert_eq!(header["alg"], "RS256");
    assert_eq!(header["kid"], "sa-key-1");
    assert_eq!(claims["iss"], "ci@project.iam.gserviceaccount.com");
    assert_eq!(
        claims["scope"],
        "https://www.googleapis.com/auth/cloud-platform openid"
    );
    assert_eq!(claims["aud"], format!("{}/token", server.url));
    assert!(claims.get("sub").is_none(), "no user is impersonated");

    // Served from the store; another account is another entry.
    assert_eq!(run(&first).ok(), "tok-1\n");
    let second = service_account(&env, &server, "deploy@project.iam.gserviceaccount.com");
    assert_eq!(run(&second).ok(), "tok-2\n");
    assert_eq!(server.count(), 2);
}

#[test]
fn a_service_account_file_that_is_not_one_says_so() {
    let env = TestEnv::new();
    let file = env.write("sa.json", r#"{"type":"authorized_user","client_id":"x"}"#);
    let out = env
        .otok()
        .token()
        .arg("--service-account-file")
        .arg(&file)
        .run();
    out.fails(
        3,
        &[
            &format!("cannot use the service account key file {}", file.display()),
            "client_email",
        ],
    );
}

/// `otok token` at `server` as the client `exchanger`, with the token-exchange grant.
fn exchange_at(env: &TestEnv, server: &Server) -> crate::support::Otok {
    env.otok()
        .token()
        .generic(server)
        .client("exchanger")
        .secret("exchanger-secret-52")
        .args(["--grant", "token-exchange"])
}

/// A config with a `login` profile (client credentials at `server`) and an `exchange` profile
/// that trades login's token at the same server.
fn chained_config(env: &TestEnv, server: &Server, exchange_subject: &str) -> std::path::PathBuf {
    env.write(
        "config.toml",
        &format!(
            r#"
[profiles.login]
provider = "generic"
token_url = "{url}/token"
client_id = "login-client"
client_secret = "login-secret-81"

[profiles.exchange]
provider = "generic"
token_url = "{url}/token"
client_id = "exchanger"
client_secret = "exchanger-secret-52"
grant = "token-exchange"
audience = ["https://api.example", "https://other.example"]
subject_token = {exchange_subject}
"#,
            url = server.url
        ),
    )
}

/// `otok token exchange` of a [`chained_config`], with the file store.
fn exchange_profile(env: &TestEnv, config: &std::path::Path) -> crate::support::Otok {
    env.otok().token().profile("exchange", config).store("file")
}

#[test]
fn a_profiles_token_is_the_subject_of_another_profiles_exchange() {
    let env = TestEnv::new();
    let server = token_endpoint();
    let config = chained_config(&env, &server, r#"{ profile = "login" }"#);
    let exchange = || exchange_profile(&env, &config).format("json").run();
    let out = exchange();
    let json: Value = serde_json::from_str(out.ok()).unwrap();
    assert_eq!(json["access_token"], "tok-2");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(form(&requests[0])["grant_type"], "client_credentials");
    let exchanged = fields(&requests[1].body);
    assert_eq!(exchanged["grant_type"], TOKEN_EXCHANGE);
    assert_eq!(exchanged["subject_token"], "tok-1");
    assert_eq!(
        exchanged["subject_token_type"],
        "urn:ietf:params:oauth:token-type:access_token"
    );
    let audiences: Vec<String> = form_urlencoded::parse(&requests[1].body)
        .filter(|(k, _)| k == "audience")
        .map(|(_, v)| v.into_owned())
        .collect();
    assert_eq!(audiences, ["https://api.example", "https://other.example"]);
    // Both tokens are served from the store the second time.
    let out = exchange();
    let json: Value = serde_json::from_str(out.ok()).unwrap();
    assert_eq!(json["access_token"], "tok-2");
    assert_eq!(json["from_cache"], true);
    assert_eq!(server.count(), 2);
    out.leaks_none(&["login-secret-81", "exchanger-secret-52"]);
}

/// The token endpoint of a chain: request N gets `exchanged-N` for a token exchange, else
/// `login-N` with the refresh token `r-N`; tokens last `expires_in` seconds, and each answer
/// comes after `delay`.
fn chain_endpoint(expires_in: u64, delay: std::time::Duration) -> Server {
    let issued = Arc::new(AtomicUsize::new(0));
    Server::start(move |req| {
        let n = issued.fetch_add(1, Ordering::SeqCst) + 1;
        let body = if fields(&req.body)["grant_type"] == TOKEN_EXCHANGE {
            json!({"access_token": format!("exchanged-{n}"), "expires_in": expires_in})
        } else {
            json!({"access_token": format!("login-{n}"), "refresh_token": format!("r-{n}"),
                   "expires_in": expires_in})
        };
        Reply::json(200, body).after(delay)
    })
}

/// Callers of a chained profile started at once share its work, as the callers of one
/// profile do: one login and one exchange between them, and every caller prints the token
/// exchanged.
#[test]
fn concurrent_callers_of_a_chained_profile_make_one_login_and_one_exchange() {
    use std::process::Stdio;
    let env = TestEnv::new();
    // Slow enough that the callers overlap.
    let server = chain_endpoint(3600, std::time::Duration::from_millis(200));
    let config = chained_config(&env, &server, r#"{ profile = "login" }"#);
    let callers: Vec<_> = (0..10)
        .map(|_| {
            exchange_profile(&env, &config)
                .std()
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for caller in callers {
        let out = caller.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "exchanged-2\n",
            "{stderr}"
        );
    }
    let grants: Vec<String> = server
        .requests()
        .iter()
        .map(|req| fields(&req.body)["grant_type"].clone())
        .collect();
    assert_eq!(grants, ["client_credentials", TOKEN_EXCHANGE]);
}

#[test]
fn a_profiles_token_near_its_end_is_refreshed_before_it_is_exchanged() {
    // Tokens for a second: the second run, after it, exchanges again, and the login profile's
    // token is refreshed (its refresh token used), as `otok token login` would, rather than
    // sent expired or got anew by the login grant.
    let env = TestEnv::new();
    let server = chain_endpoint(1, std::time::Duration::ZERO);
    let config = chained_config(&env, &server, r#"{ profile = "login" }"#);
    let exchange = || exchange_profile(&env, &config).run();
    assert_eq!(exchange().ok(), "exchanged-2\n");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert_eq!(exchange().ok(), "exchanged-4\n");
    let forms: Vec<_> = server.requests().iter().map(|r| fields(&r.body)).collect();
    let grants: Vec<&str> = forms.iter().map(|f| f["grant_type"].as_str()).collect();
    assert_eq!(
        grants,
        [
            "client_credentials",
            TOKEN_EXCHANGE,
            "refresh_token",
            TOKEN_EXCHANGE
        ]
    );
    assert_eq!(forms[1]["subject_token"], "login-1");
    assert_eq!(forms[2]["refresh_token"], "r-1");
    assert_eq!(forms[3]["subject_token"], "login-3");
}

#[test]
fn profiles_whose_subject_tokens_come_from_each_other_are_refused() {
    let env = TestEnv::new();
    let server = Server::start(|_| Reply::json(500, json!({}))).expect_no_requests();
    let config = env.write(
        "config.toml",
        &format!(
            r#"
[profiles.a]
provider = "generic"
token_url = "{url}/token"
client_id = "a"
grant = "token-exchange"
subject_token = {{ profile = "b" }}

[profiles.b]
provider = "generic"
token_url = "{url}/token"
client_id = "b"
grant = "token-exchange"
subject_token = {{ from = "profile:a" }}
"#,
            url = server.url
        ),
    );
    let out = env.otok().token().profile("a", &config).run();
    out.fails(
        3,
        &[
            "the subject token of profile a comes from profile a itself: a → b → a",
            "break the circle",
        ],
    );
}

#[test]
fn ci_identities_from_gitlab_and_kubernetes_are_jwt_subject_tokens() {
    let env = TestEnv::new();
    let server = token_endpoint();
    let exchange = |source: &str| exchange_at(&env, &server).args(["--subject-token-from", source]);
    exchange("gitlab:OTOK_TEST_ID_TOKEN")
        .env("OTOK_TEST_ID_TOKEN", "gitlab.job.token")
        .run()
        .ok();
    let sa = env.write("sa-token", "kubernetes.sa.token\n");
    exchange(&format!("kubernetes:{}", sa.display())).run().ok();
    let requests = server.requests();
    for (req, token) in requests
        .iter()
        .zip(["gitlab.job.token", "kubernetes.sa.token"])
    {
        let body = form(req);
        assert_eq!(body["subject_token"], token);
        assert_eq!(
            body["subject_token_type"],
            "urn:ietf:params:oauth:token-type:jwt"
        );
    }

    // Missing, each says what to add to the job.
    let out = exchange("gitlab:OTOK_TEST_ID_TOKEN").run();
    out.fails(
        3,
        &["the variable OTOK_TEST_ID_TOKEN is not set", "id_tokens:"],
    );
    let out = exchange("kubernetes:/nonexistent/token").run();
    out.fails(
        3,
        &["no Kubernetes service account token at /nonexistent/token"],
    );
    let out = exchange("vault:x").run();
    out.fails(3, &["`vault:x` is not a token source"]);
    assert_eq!(server.count(), 2);
}

#[test]
fn an_exchange_without_a_subject_token_lists_where_one_comes_from() {
    let env = TestEnv::new();
    let server = Server::start(|_| Reply::json(500, json!({}))).expect_no_requests();
    let out = env
        .otok()
        .token()
        .generic(&server)
        .client("exchanger")
        .secret("s")
        .args(["--grant", "token-exchange"])
        .run();
    out.fails(
        3,
        &[
            "a token exchange needs the subject token",
            "--subject-token-from SOURCE",
            "OTOK_SUBJECT_TOKEN",
        ],
    );
}

#[test]
fn a_client_assertion_made_elsewhere_is_sent_as_it_is() {
    let env = TestEnv::new();
    let server = token_endpoint();
    let out = env
        .otok()
        .token()
        .generic(&server)
        .client("federated-app")
        .args(["--client-assertion-from", "env:OTOK_TEST_JOB_TOKEN", "-v"])
        .env("OTOK_TEST_JOB_TOKEN", "job.identity.token")
        .run();
    out.ok();
    let body = form(&server.only());
    assert_eq!(body["client_assertion"], "job.identity.token");
    assert_eq!(
        body["client_assertion_type"],
        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    );
    assert_eq!(body["client_id"], "federated-app");
    assert_eq!(body["grant_type"], "client_credentials");
    out.leaks_none(&["job.identity.token"]);
}

#[test]
fn issued_token_type_is_shown_in_json() {
    let env = TestEnv::new();
    let server = Server::start(|_| {
        Reply::json(
            200,
            json!({"access_token": "exchanged-1", "token_type": "N_A",
                   "issued_token_type": "urn:ietf:params:oauth:token-type:jwt"}),
        )
    });
    let out = env
        .otok()
        .token()
        .generic(&server)
        .client("exchanger")
        .secret("s3")
        .args(["--grant", "token-exchange", "--requested-token-type", "jwt"])
        .args(["--resource", "https://rs.example/api"])
        .env("OTOK_SUBJECT_TOKEN", "subject-77")
        .format("json")
        .run();
    let json: Value = serde_json::from_str(out.ok()).unwrap();
    assert_eq!(
        json["issued_token_type"],
        "urn:ietf:params:oauth:token-type:jwt"
    );
    let body = form(&server.only());
    assert_eq!(
        body["requested_token_type"],
        "urn:ietf:params:oauth:token-type:jwt"
    );
    assert_eq!(body["resource"], "https://rs.example/api");
    assert_eq!(body["subject_token"], "subject-77");
}

#[test]
fn two_subject_tokens_are_two_entries_and_neither_is_kept_in_clear() {
    let env = TestEnv::new();
    let server = token_endpoint();
    let exchange = |subject: &std::path::Path| {
        exchange_at(&env, &server)
            .store("file")
            .arg("--subject-token-file")
            .arg(subject)
            .run()
    };
    let alice = env.write("alice", "subject-of-alice-4c1d\n");
    let bob = env.write("bob", "subject-of-bob-77ea\n");
    assert_eq!(exchange(&alice).ok(), "tok-1\n");
    assert_eq!(exchange(&bob).ok(), "tok-2\n");
    assert_eq!(exchange(&alice).ok(), "tok-1\n");
    assert_eq!(exchange(&bob).ok(), "tok-2\n");
    assert_eq!(server.count(), 2);
    let status = env
        .otok()
        .status()
        .store("file")
        .args(["--format", "json"])
        .run();
    let entries: Value = serde_json::from_str(status.ok()).unwrap();
    assert_eq!(entries.as_array().unwrap().len(), 2, "{entries}");
    for file in walk(&env.data_dir()) {
        let text = String::from_utf8_lossy(&std::fs::read(&file).unwrap()).into_owned();
        for subject in ["subject-of-alice-4c1d", "subject-of-bob-77ea"] {
            assert!(
                !text.contains(subject),
                "{} holds {subject}",
                file.display()
            );
        }
    }
}

#[test]
fn exec_hands_the_command_none_of_the_exchanges_tokens() {
    let env = TestEnv::new();
    let server = token_endpoint();
    let out = env
        .otok()
        .exec()
        .generic(&server)
        .client("exchanger")
        .secret("exchanger-secret-52")
        .args(["--grant", "token-exchange"])
        .args(["--subject-token-from", "env:JOB_SUBJECT"])
        .args(["--actor-token-from", "env:JOB_ACTOR"])
        .args(["--", "sh", "-c", "env"])
        .env("JOB_SUBJECT", "subject-in-env-91")
        .env("JOB_ACTOR", "actor-in-env-92")
        .env("OTOK_ASSERTION", "assertion-in-env-93")
        .env("OTOK_CLIENT_ASSERTION", "client-assertion-in-env-94")
        .run();
    let seen = out.ok();
    assert!(seen.contains("ACCESS_TOKEN=tok-1"), "{seen}");
    let body = form(&server.only());
    assert_eq!(body["subject_token"], "subject-in-env-91");
    assert_eq!(body["actor_token"], "actor-in-env-92");
    for value in [
        "subject-in-env-91",
        "actor-in-env-92",
        "assertion-in-env-93",
        "client-assertion-in-env-94",
    ] {
        assert!(!seen.contains(value), "{value} reached the command: {seen}");
    }
}

#[test]
fn a_profile_giving_its_token_to_another_keeps_its_own_secret() {
    let env = TestEnv::new();
    let server = token_endpoint();
    let config = chained_config(&env, &server, r#"{ profile = "login" }"#);
    // The command's secret variable is for the exchange profile, not for login.
    env.otok()
        .token()
        .profile("exchange", &config)
        .secret("secret-of-the-command-6a")
        .run()
        .ok();
    let requests = server.requests();
    assert_eq!(
        requests[0].basic_raw().as_deref(),
        Some("login-client:login-secret-81"),
        "login authenticates with its own secret"
    );
    assert_eq!(
        requests[1].basic_raw().as_deref(),
        Some("exchanger:secret-of-the-command-6a")
    );
}

/// A JWT with these claims (not signed: the platform's token is taken as the platform gave it).
fn job_token(claims: Value) -> String {
    format!(
        "{}.{}.c2ln",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256"}"#),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    )
}

#[test]
fn a_ci_identity_is_the_same_entry_from_one_job_token_to_the_next() {
    let env = TestEnv::new();
    let server = token_endpoint();
    let exchange = |token: &str| {
        exchange_at(&env, &server)
            .store("file")
            .args(["--subject-token-from", "gitlab:JOB_ID_TOKEN"])
            .env("JOB_ID_TOKEN", token)
            .run()
    };
    let job = |jti: &str, sub: &str| {
        job_token(json!({"iss": "https://gitlab.example", "sub": sub, "aud": "api", "jti": jti}))
    };
    // Each step of a job gets a new token (new jti) for the same project: one exchange.
    assert_eq!(exchange(&job("1", "project_path:g/app")).ok(), "tok-1\n");
    assert_eq!(exchange(&job("2", "project_path:g/app")).ok(), "tok-1\n");
    // Another project is another identity.
    assert_eq!(exchange(&job("3", "project_path:g/other")).ok(), "tok-2\n");
    // A token that names no subject is its own identity.
    let bare = |jti: &str| job_token(json!({"iss": "https://gitlab.example", "jti": jti}));
    assert_eq!(exchange(&bare("4")).ok(), "tok-3\n");
    assert_eq!(exchange(&bare("5")).ok(), "tok-4\n");
    assert_eq!(server.count(), 4);
}
