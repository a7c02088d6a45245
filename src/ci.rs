//! The identity a CI platform gives a job, as a token otok trades for another: GitHub Actions'
//! OIDC token service, a GitLab CI `id_tokens` variable, a Kubernetes projected service account
//! token. Each says, when it is missing, what to add to the job.

use std::path::Path;
use std::time::Duration;

use anyhow::Result;
use serde_json::Value;

use crate::error::{self, Error, Kind};
use crate::http::{Client, Method, Policy, Request};
use crate::secret::{self, Secret};

/// The job's OIDC token from GitHub Actions (`ACTIONS_ID_TOKEN_REQUEST_URL` with the bearer
/// `ACTIONS_ID_TOKEN_REQUEST_TOKEN`), for `audience` (else the repository owner's default).
/// Inside a GitHub Actions job it is masked in the log.
pub fn github_actions(audience: Option<&str>, verbose: bool) -> Result<Secret> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let (Some(url), Some(bearer)) = (
        var("ACTIONS_ID_TOKEN_REQUEST_URL"),
        var("ACTIONS_ID_TOKEN_REQUEST_TOKEN"),
    ) else {
        let missing = if var("ACTIONS_ID_TOKEN_REQUEST_URL").is_none() {
            "ACTIONS_ID_TOKEN_REQUEST_URL"
        } else {
            "ACTIONS_ID_TOKEN_REQUEST_TOKEN"
        };
        return Err(error::config(format!(
            "no GitHub Actions OIDC token: {missing} is not set"
        ))
        .hint(
            "run in a GitHub Actions job whose workflow (or job) grants `permissions: id-token: \
             write`; elsewhere use another --subject-token-from source",
        )
        .into());
    };
    let bearer = Secret::new(bearer);
    let mut url = url;
    if let Some(audience) = audience {
        let query: String = form_urlencoded::Serializer::new(String::new())
            .append_pair("audience", audience)
            .finish();
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str(&query);
    }
    let client = Client::new(Duration::from_secs(30), None, verbose)?;
    let request = Request {
        method: Method::Get,
        url,
        headers: vec![(
            "authorization".into(),
            format!("Bearer {}", bearer.expose()),
        )],
        body: None,
    };
    // The answer is the job's token, under a name no trace redacts.
    let resp = client.send_with(&request, Policy::SECRET_ANSWER)?;
    let value = (resp.status == 200)
        .then(|| serde_json::from_slice::<Value>(&resp.body).ok())
        .flatten()
        .and_then(|body| body["value"].as_str().map(str::to_string))
        .filter(|token| crate::output::inert_word(token))
        .ok_or_else(|| {
            Error::new(
                Kind::Unavailable,
                format!(
                    "the GitHub Actions token service answered HTTP {} without a token",
                    resp.status
                ),
            )
            .hint("check that the job has `permissions: id-token: write`")
        })?;
    let token = Secret::new(value);
    if std::env::var("GITHUB_ACTIONS").as_deref() == Ok("true") {
        // The runner reads workflow commands on stderr too; stdout is the caller's.
        eprintln!("::add-mask::{}", token.expose());
    }
    Ok(token)
}

/// A GitLab CI `id_tokens` variable.
pub fn gitlab(variable: &str) -> Result<Secret> {
    match std::env::var(variable) {
        Ok(value) if !value.trim().is_empty() => Ok(Secret::new(value.trim())),
        _ => Err(error::config(format!(
            "no GitLab ID token: the variable {variable} is not set"
        ))
        .hint(format!(
            "declare it in the job: `id_tokens: {{ {variable}: {{ aud: AUDIENCE }} }}`"
        ))
        .into()),
    }
}

/// A Kubernetes projected service account token.
pub fn kubernetes(path: &Path) -> Result<Secret> {
    let file = std::fs::File::open(path).map_err(|e| {
        error::config(format!(
            "no Kubernetes service account token at {}: {e}",
            path.display()
        ))
        .hint(
            "run in a pod with a service account token mounted (a projected volume with the \
             audience the server expects), or give its path: kubernetes:PATH",
        )
    })?;
    let text = secret::read_capped(
        file,
        secret::MAX_SECRET,
        "service account token",
        &path.display().to_string(),
    )?;
    let text = text.trim();
    if text.is_empty() {
        return Err(error::config(format!("the token file {} is empty", path.display())).into());
    }
    Ok(Secret::new(text))
}
