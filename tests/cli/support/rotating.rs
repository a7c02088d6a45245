//! A token endpoint with state: it issues client_credentials tokens with a refresh token,
//! rotates refresh tokens on every use (a used one is refused with `invalid_grant`, as real
//! servers do), and counts requests by grant.

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;

use super::server::{Reply, Server};

#[derive(Default)]
pub struct State {
    pub issued: usize,
    pub expires_in: u64,
    pub delay: Duration,
    pub refresh_tokens: HashSet<String>,
    pub by_grant: BTreeMap<String, usize>,
}

pub struct Rotating {
    pub server: Server,
    pub state: Arc<Mutex<State>>,
}

impl Rotating {
    /// Tokens live `expires_in` seconds; every answer waits `delay` first.
    pub fn start(expires_in: u64, delay: Duration) -> Rotating {
        let state = Arc::new(Mutex::new(State {
            expires_in,
            delay,
            ..State::default()
        }));
        let shared = state.clone();
        let server = Server::start(move |req| {
            let form: BTreeMap<String, String> =
                form_urlencoded::parse(&req.body).into_owned().collect();
            let grant = form.get("grant_type").cloned().unwrap_or_default();
            let mut st = shared.lock().unwrap();
            *st.by_grant.entry(grant.clone()).or_default() += 1;
            if grant == "refresh_token" {
                let presented = form.get("refresh_token").cloned().unwrap_or_default();
                if !st.refresh_tokens.remove(&presented) {
                    return Reply::json(
                        400,
                        json!({"error": "invalid_grant", "error_description": "refresh token is invalid or was used"}),
                    );
                }
            } else if grant != "client_credentials" {
                return Reply::json(400, json!({"error": "unsupported_grant_type"}));
            }
            st.issued += 1;
            let n = st.issued;
            st.refresh_tokens.insert(format!("refresh-{n}"));
            let mut body = json!({
                "access_token": format!("access-{n}"),
                "token_type": "Bearer",
                "expires_in": st.expires_in,
                "refresh_token": format!("refresh-{n}"),
            });
            if let Some(scope) = form.get("scope") {
                body["scope"] = json!(scope);
            }
            Reply::json(200, body).after(st.delay)
        });
        Rotating { server, state }
    }

    /// See [`Server::may_be_unused`].
    pub fn may_be_unused(self) -> Rotating {
        Rotating {
            server: self.server.may_be_unused(),
            state: self.state,
        }
    }

    pub fn token_url(&self) -> String {
        format!("{}/token", self.server.url)
    }

    pub fn count(&self, grant: &str) -> usize {
        self.state
            .lock()
            .unwrap()
            .by_grant
            .get(grant)
            .copied()
            .unwrap_or(0)
    }

    /// Makes the server forget every refresh token it issued (as if they were revoked).
    pub fn revoke_all(&self) {
        self.state.lock().unwrap().refresh_tokens.clear();
    }
}
