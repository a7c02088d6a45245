//! kubectl gets its tokens from otok: `--format exec-credential` writes a Kubernetes
//! ExecCredential, `otok kubeconfig PROFILE` prints the kubeconfig entry that runs it. The
//! ignored tests run the real kubectl (`scripts/kubectl-tests`) against a loopback TLS API
//! server with its own CA that accepts only the current token.

use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{json, Value};

use crate::support::server::{Reply, Server};
use crate::support::TestEnv;

/// A token endpoint that issues `k8s-token-N`, and remembers the last one issued.
fn token_server(issued: Arc<Mutex<Option<String>>>) -> Server {
    let n = Mutex::new(0);
    Server::start(move |_| {
        let mut n = n.lock().unwrap();
        *n += 1;
        let token = format!("k8s-token-{n}");
        *issued.lock().unwrap() = Some(token.clone());
        Reply::json(
            200,
            json!({"access_token": token, "token_type": "Bearer", "expires_in": 3600}),
        )
    })
}

fn config(env: &TestEnv, token_url: &str) -> std::path::PathBuf {
    env.write(
        "config.toml",
        &format!(
            "[profiles.cluster]\nprovider = \"generic\"\ntoken_url = \"{token_url}\"\n\
             client_id = \"kube\"\nauth_method = \"post\"\n\n\
             [profiles.browser]\nprovider = \"generic\"\ntoken_url = \"{token_url}\"\n\
             client_id = \"kube\"\ngrant = \"authorization_code\"\n"
        ),
    )
}

#[test]
fn an_exec_credential_carries_the_token_and_its_expiry() {
    let env = TestEnv::new();
    let issued = Arc::new(Mutex::new(None));
    let server = token_server(issued);
    let config = config(&env, &format!("{}/token", server.url));
    let token = |info: Option<&str>| {
        let mut cmd = env
            .otok()
            .token()
            .arg("cluster")
            .config(&config)
            .format("exec-credential")
            .secret("kube-s3cret");
        if let Some(info) = info {
            cmd = cmd.env("KUBERNETES_EXEC_INFO", info);
        }
        serde_json::from_str::<Value>(cmd.run().ok()).unwrap()
    };
    let credential = token(None);
    assert_eq!(credential["apiVersion"], "client.authentication.k8s.io/v1");
    assert_eq!(credential["kind"], "ExecCredential");
    assert_eq!(credential["status"]["token"], "k8s-token-1");
    let expiry = credential["status"]["expirationTimestamp"]
        .as_str()
        .unwrap();
    assert!(
        expiry.len() == 20 && expiry.ends_with('Z') && expiry.as_bytes()[10] == b'T',
        "RFC 3339 in UTC: {expiry}"
    );
    let beta = token(Some(
        r#"{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","spec":{"interactive":false}}"#,
    ));
    assert_eq!(beta["apiVersion"], "client.authentication.k8s.io/v1beta1");
    // Whatever else kubectl (or someone) puts there, the answer is v1.
    for info in [
        "not json",
        r#"{"apiVersion":"client.authentication.k8s.io/v9"}"#,
        "[]",
    ] {
        assert_eq!(
            token(Some(info))["apiVersion"],
            "client.authentication.k8s.io/v1"
        );
    }
}

#[test]
fn the_kubeconfig_entry_runs_otok_for_the_profile() {
    let env = TestEnv::new();
    let config = config(&env, "https://id.example.com/token");
    let out = env
        .otok()
        .arg("kubeconfig")
        .arg("cluster")
        .config(&config)
        .run();
    let yaml = out.ok();
    for line in [
        "- name: otok-cluster",
        "      apiVersion: client.authentication.k8s.io/v1",
        "      command: otok",
        "      - token",
        "      - cluster",
        "      - \"--format\"",
        "      - exec-credential",
        "      - \"--config\"",
        "      interactiveMode: IfAvailable",
        "      provideClusterInfo: false",
    ] {
        assert!(yaml.lines().any(|l| l == line), "{line:?} missing:\n{yaml}");
    }
    env.otok()
        .arg("kubeconfig")
        .arg("nowhere")
        .config(&config)
        .run()
        .fails(3, &["unknown profile `nowhere`"]);
}

/// A kubeconfig for a cluster at `server` (CA `ca_pem`) whose user is what `otok kubeconfig`
/// printed.
fn kubeconfig(env: &TestEnv, server: &str, ca_pem: &str, users: &str) -> std::path::PathBuf {
    let ca = base64::engine::general_purpose::STANDARD.encode(ca_pem);
    let user = users
        .lines()
        .find_map(|l| l.strip_prefix("- name: "))
        .unwrap();
    env.write(
        "kubeconfig",
        &format!(
            "apiVersion: v1\nkind: Config\nclusters:\n- name: test\n  cluster:\n    server: {server}\n    certificate-authority-data: {ca}\ncontexts:\n- name: test\n  context:\n    cluster: test\n    user: {user}\ncurrent-context: test\n{users}"
        ),
    )
}

/// `kubectl get --raw /version` with the plugin's environment.
fn kubectl(env: &TestEnv, kubeconfig: &std::path::Path) -> std::process::Output {
    Command::new("kubectl")
        .arg("--kubeconfig")
        .arg(kubeconfig)
        .args(["get", "--raw", "/version", "--request-timeout", "20s"])
        .env("HOME", env.path(""))
        .env("OTOK_DATA_DIR", env.data_dir())
        .env("OTOK_STORE", "file")
        .env("OTOK_CLIENT_SECRET", "kube-s3cret")
        .env_remove("KUBECONFIG")
        .output()
        .expect("kubectl is needed: scripts/kubectl-tests")
}

/// The API server: `/version`, `/api` and `/apis` for the current token only.
fn api_server(issued: Arc<Mutex<Option<String>>>) -> (Server, String) {
    Server::start_tls(move |req| {
        let current = issued.lock().unwrap().clone();
        let presented = req.header("authorization").map(str::to_string);
        if current.is_none() || presented != current.map(|t| format!("Bearer {t}")) {
            return Reply::json(
                401,
                json!({"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "Unauthorized", "code": 401}),
            );
        }
        match req.path.as_str() {
            "/version" => Reply::json(
                200,
                json!({"major": "1", "minor": "32", "gitVersion": "v1.32.0-otok-test", "platform": "linux/amd64"}),
            ),
            "/api" => Reply::json(200, json!({"kind": "APIVersions", "versions": ["v1"]})),
            "/apis" => Reply::json(200, json!({"kind": "APIGroupList", "groups": []})),
            _ => Reply::json(404, json!({"kind": "Status", "code": 404})),
        }
    })
}

#[test]
#[ignore = "needs kubectl: run scripts/kubectl-tests"]
fn kubectl_gets_its_tokens_from_otok_with_one_token_request() {
    let env = TestEnv::new();
    let issued = Arc::new(Mutex::new(None));
    let tokens = token_server(issued.clone());
    let (api, ca) = api_server(issued);
    let config = config(&env, &format!("{}/token", tokens.url));
    let users = env
        .otok()
        .arg("kubeconfig")
        .arg("cluster")
        .config(&config)
        .arg("--command")
        .arg(assert_cmd::cargo::cargo_bin("otok"))
        .run();
    let kubeconfig = kubeconfig(&env, &api.url, &ca, users.ok());
    for run in 1..=5 {
        let out = kubectl(&env, &kubeconfig);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && stdout.contains("v1.32.0-otok-test"),
            "run {run}: {stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(tokens.count(), 1, "one token request for five kubectl runs");
}

#[test]
#[ignore = "needs kubectl: run scripts/kubectl-tests"]
fn kubectl_without_a_terminal_gets_otoks_message_and_nothing_waits_for_a_browser() {
    let env = TestEnv::new();
    let issued = Arc::new(Mutex::new(None));
    let tokens = token_server(issued.clone()).expect_no_requests();
    let (api, ca) = api_server(issued);
    let api = api.may_be_unused();
    let config = config(&env, &format!("{}/token", tokens.url));
    let users = env
        .otok()
        .arg("kubeconfig")
        .arg("browser")
        .config(&config)
        .arg("--command")
        .arg(assert_cmd::cargo::cargo_bin("otok"))
        .run();
    let kubeconfig = kubeconfig(&env, &api.url, &ca, users.ok());
    let started = Instant::now();
    let out = kubectl(&env, &kubeconfig);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("needs a person at a browser") && stderr.contains("otok authorize"),
        "{stderr}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "{:?}",
        started.elapsed()
    );
}
