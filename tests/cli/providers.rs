//! Every grant of every built-in provider, against a loopback server that accepts only the
//! provider's documented request shape.

use serde_json::Value;

use crate::support::providers::*;
use crate::support::{Otok, TestEnv};

#[test]
fn myq_client_credentials_sends_json_with_credentials_in_the_body() {
    let env = TestEnv::new();
    let server = myq();
    let out = env
        .otok()
        .token()
        .provider_at("myq", &server.url)
        .client(MYQ_ID)
        .args(["--scope", "jobs", "--scope", "offline.access"])
        .secret(MYQ_SECRET)
        .run();
    assert_eq!(out.ok(), format!("{}\n", token_for("myq", 1)));
    let req = server.only();
    let body = req.json().unwrap();
    assert_eq!(body["grant_type"], "client_credentials");
    assert_eq!(body["scope"], "jobs offline.access");
    assert_eq!(body["client_secret"], MYQ_SECRET);
}

/// Runs one MyQ login type and returns the `login_info` object the server received.
fn myq_login(
    login_type: &str,
    setup: impl Fn(&TestEnv, Otok) -> Otok,
) -> serde_json::Map<String, Value> {
    let env = TestEnv::new();
    let server = myq();
    let cmd = env
        .otok()
        .token()
        .provider_at("myq", &server.url)
        .client(MYQ_ID)
        .args(["--login-type", login_type, "--scope", "jobs"])
        .secret(MYQ_SECRET);
    let out = setup(&env, cmd).run();
    assert_eq!(
        out.ok(),
        format!("{}\n", token_for("myq", 1)),
        "login type {login_type}"
    );
    let body = server.only().json().unwrap();
    assert_eq!(body["grant_type"], "login_info");
    body["login_info"].as_object().unwrap().clone()
}

#[test]
fn myq_login_info_card() {
    let info = myq_login("card", |_, c| c.env("OTOK_CARD", MYQ_CARD));
    assert_eq!(
        Value::Object(info),
        serde_json::json!({"type": 1, "card": MYQ_CARD})
    );
}

#[test]
fn myq_login_info_pin_from_stdin() {
    let info = myq_login("pin", |_, c| {
        c.arg("--pin-stdin").stdin(format!("{MYQ_PIN}\n"))
    });
    assert_eq!(
        Value::Object(info),
        serde_json::json!({"type": 2, "pin": MYQ_PIN})
    );
}

#[test]
fn myq_login_info_user_and_password() {
    let info = myq_login("user", |env, c| {
        let pwd = env.write("pwd", &format!("{MYQ_PWD}\n"));
        c.args(["--username", MYQ_USER, "--password-file"]).arg(pwd)
    });
    assert_eq!(
        Value::Object(info),
        serde_json::json!({"type": 3, "user": MYQ_USER, "pwd": MYQ_PWD})
    );
}

#[test]
fn myq_login_info_card_and_pin() {
    let info = myq_login("card-pin", |env, c| {
        let card = env.write("card", MYQ_CARD);
        c.arg("--card-file").arg(card).env("OTOK_PIN", MYQ_PIN)
    });
    assert_eq!(
        Value::Object(info),
        serde_json::json!({"type": 4, "card": MYQ_CARD, "pin": MYQ_PIN})
    );
}

#[test]
fn myq_login_info_card_and_password_from_a_profile() {
    let env = TestEnv::new();
    let server = myq();
    let config = env.write(
        "config.toml",
        &format!(
            r#"
[profiles.printer]
provider = "myq"
base_url = "{}"
client_id = "{MYQ_ID}"
client_secret = {{ env = "PRINTER_SECRET" }}
password = {{ command = "echo {MYQ_PWD}" }}
login_info = {{ type = "card-password", card = {{ env = "PRINTER_CARD" }} }}
scope = ["jobs", "offline.access"]
"#,
            server.url
        ),
    );
    let out = env
        .otok()
        .token()
        .profile("printer", config)
        .env("PRINTER_SECRET", MYQ_SECRET)
        .env("PRINTER_CARD", MYQ_CARD)
        .run();
    assert_eq!(out.ok(), format!("{}\n", token_for("myq", 1)));
    let body = server.only().json().unwrap();
    assert_eq!(
        body["login_info"],
        serde_json::json!({"type": 5, "card": MYQ_CARD, "pwd": MYQ_PWD})
    );
    assert_eq!(body["scope"], "jobs offline.access");
}

#[test]
fn myfox_password_grant_sends_a_form_with_credentials_in_the_body() {
    let env = TestEnv::new();
    let server = myfox();
    let out = env
        .otok()
        .token()
        .provider_at("myfox", &server.url)
        .client(MYFOX_ID)
        .args(["--username", MYFOX_USER, "--password-stdin"])
        .stdin(MYFOX_PASSWORD)
        .secret(MYFOX_SECRET)
        .run();
    assert_eq!(out.ok(), format!("{}\n", token_for("myfox", 1)));
    let req = server.only();
    assert_eq!(req.header("authorization"), None);
    let form = req.form().unwrap();
    assert_eq!(form["grant_type"], "password");
    assert_eq!(form["password"], MYFOX_PASSWORD);
    assert_eq!(form["client_secret"], MYFOX_SECRET);
}

#[test]
fn myfox_wrong_password_is_refused_once_with_the_servers_words() {
    let env = TestEnv::new();
    let server = myfox();
    let out = env
        .otok()
        .token()
        .provider_at("myfox", &server.url)
        .client(MYFOX_ID)
        .args(["--username", MYFOX_USER])
        .env("OTOK_PASSWORD", "wrong-password")
        .secret(MYFOX_SECRET)
        .run();
    out.fails(
        4,
        &[
            "myfox (HTTP 400) refused the password request",
            "invalid_grant: Invalid username and password combination",
            "hint:",
        ],
    );
    assert_eq!(
        server.count(),
        1,
        "a refused password must never be retried"
    );
}

#[test]
fn mypos_client_credentials_uses_basic_auth_and_the_webhooks_scope() {
    let env = TestEnv::new();
    let server = mypos();
    let out = env
        .otok()
        .token()
        .provider_at("mypos", &server.url)
        .client(MYPOS_ID)
        .secret(MYPOS_SECRET)
        .run();
    assert_eq!(out.ok(), format!("{}\n", token_for("mypos", 1)));
    let req = server.only();
    assert_eq!(
        req.basic_raw().unwrap(),
        format!("{MYPOS_ID}:{MYPOS_SECRET}")
    );
    assert_eq!(
        req.body_text(),
        "grant_type=client_credentials&scope=webhooks"
    );
}

#[test]
fn mypos_sandbox_is_a_provider_of_its_own() {
    let env = TestEnv::new();
    let server = mypos();
    let out = env
        .otok()
        .token()
        .provider_at("mypos-sandbox", &server.url)
        .client(MYPOS_ID)
        .secret(MYPOS_SECRET)
        .run();
    assert_eq!(out.ok(), format!("{}\n", token_for("mypos", 1)));
}

#[test]
fn highmobility_client_credentials_with_a_secret() {
    let env = TestEnv::new();
    let server = highmobility(None);
    let out = env
        .otok()
        .token()
        .provider_at("highmobility", &server.url)
        .client(HM_ID)
        .args(["--format", "json"])
        .secret(HM_SECRET)
        .run();
    let json: Value = serde_json::from_str(out.ok()).unwrap();
    assert_eq!(json["access_token"], token_for("hm", 1));
    assert_eq!(json["token_type"], "Bearer");
    assert_eq!(json["extra"]["status"], "approved");
    assert_eq!(json["extra"]["authorization_id"], "auth-id-1");
    let body = server.only().json().unwrap();
    assert_eq!(body["client_secret"], HM_SECRET);
}

/// A fresh EC P-256 key as PKCS#8 PEM, and its public key for the server to verify with.
pub(crate) fn p256_key(env: &TestEnv) -> (std::path::PathBuf, Vec<u8>) {
    use base64::Engine;
    use ring::signature::{EcdsaKeyPair, KeyPair, ECDSA_P256_SHA256_FIXED_SIGNING};
    let rng = ring::rand::SystemRandom::new();
    let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).unwrap();
    let pair =
        EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng).unwrap();
    let b64 = base64::engine::general_purpose::STANDARD.encode(pkcs8.as_ref());
    let lines: Vec<String> = b64
        .as_bytes()
        .chunks(64)
        .map(|c| String::from_utf8(c.to_vec()).unwrap())
        .collect();
    let pem = format!(
        "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
        lines.join("\n")
    );
    (
        env.write("hm-key.pem", &pem),
        pair.public_key().as_ref().to_vec(),
    )
}

#[test]
fn highmobility_client_assertion_is_es256_with_the_documented_claims() {
    let env = TestEnv::new();
    let (key, public) = p256_key(&env);
    let server = highmobility(Some(public));
    let out = env
        .otok()
        .token()
        .provider_at("highmobility", &server.url)
        .client(HM_ID)
        .args(["--key-id", HM_KEY_ID, "--private-key-file"])
        .arg(&key)
        .run();
    assert_eq!(out.ok(), format!("{}\n", token_for("hm", 1)));
    let body = server.only().json().unwrap();
    assert!(!body.contains_key("client_secret"));
}

#[test]
fn highmobility_assertion_signed_by_another_key_is_refused() {
    let env = TestEnv::new();
    let (key, _) = p256_key(&env);
    let other = TestEnv::new();
    let (_, wrong_public) = p256_key(&other);
    let server = highmobility(Some(wrong_public));
    let out = env
        .otok()
        .token()
        .provider_at("highmobility", &server.url)
        .client(HM_ID)
        .args(["--key-id", HM_KEY_ID, "--private-key-file"])
        .arg(&key)
        .run();
    out.fails(
        4,
        &[
            "highmobility (HTTP 400) refused",
            "signed with an invalid key",
        ],
    );
}

#[test]
fn highmobility_sandbox_assertion_audience_follows_the_base_url() {
    let env = TestEnv::new();
    let (key, public) = p256_key(&env);
    let server = highmobility(Some(public));
    let out = env
        .otok()
        .token()
        .provider_at("highmobility-sandbox", &server.url)
        .client(HM_ID)
        .args(["--key-id", HM_KEY_ID, "--private-key-file"])
        .arg(&key)
        .run();
    assert_eq!(out.ok(), format!("{}\n", token_for("hm", 1)));
}

#[test]
fn generic_extension_grant_with_params() {
    let env = TestEnv::new();
    let server = generic("gen-client", "gen-secret-xyz");
    let grant = "urn:ietf:params:oauth:grant-type:token-exchange";
    let out = env
        .otok()
        .token()
        .generic(&server)
        .client("gen-client")
        .args(["--grant", grant])
        .format("json")
        .arg("--param-file")
        .arg(format!(
            "subject_token={}",
            env.write("subject", "abc\n").display()
        ))
        .args([
            "--param",
            "subject_token_type=urn:ietf:params:oauth:token-type:jwt",
        ])
        .secret("gen-secret-xyz")
        .run();
    let json: Value = serde_json::from_str(out.ok()).unwrap();
    let granted = &json["extra"]["granted"];
    assert_eq!(granted["grant_type"], grant);
    assert_eq!(granted["subject_token"], "abc");
    assert_eq!(
        granted["subject_token_type"],
        "urn:ietf:params:oauth:token-type:jwt"
    );
}

#[test]
fn generic_password_grant_with_basic_auth_of_an_awkward_client() {
    let env = TestEnv::new();
    let server = generic("we:ird@id%+ /x", "s3:cr@t%+ /y");
    let secret = env.write("secret", "s3:cr@t%+ /y\n");
    let out = env
        .otok()
        .token()
        .generic(&server)
        .client("we:ird@id%+ /x")
        .arg("--client-secret-file")
        .arg(secret)
        .args(["--username", "alice"])
        .format("json")
        .env("OTOK_PASSWORD", "alice-password")
        .run();
    let json: Value = serde_json::from_str(out.ok()).unwrap();
    let granted = &json["extra"]["granted"];
    assert_eq!(granted["grant_type"], "password");
    assert_eq!(granted["username"], "alice");
    assert_eq!(granted["password"], "alice-password");
}

#[test]
fn user_defined_provider_from_the_config_file() {
    let env = TestEnv::new();
    let server = generic("corp-app", "corp-secret-123");
    let config = env.write(
        "config.toml",
        &format!(
            r#"
[providers.corp]
token_url = "{}/token"
auth_method = "basic"
body = "form"

[profiles.work]
provider = "corp"
client_id = "corp-app"
client_secret = {{ file = "{}" }}
scope = "read write"
"#,
            server.url,
            env.write("corp-secret", "corp-secret-123").display()
        ),
    );
    let out = env
        .otok()
        .token()
        .arg("work")
        .env("OTOK_CONFIG", &config)
        .run();
    assert_eq!(out.ok(), format!("{}\n", token_for("generic", 1)));
    let form = server.only().form().unwrap();
    assert_eq!(form["scope"], "read write");
    assert_eq!(form["grant_type"], "client_credentials");
}
