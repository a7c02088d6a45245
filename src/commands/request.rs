//! `otok request [PROFILE] URL`: an HTTP request to a resource server with the access token in
//! its `Authorization` header, so that the token never passes through a shell or an argv.
//!
//! A 401 that says the token is no good (`invalid_token`) drops the stored access token (the
//! refresh token is kept), gets a new one through the token path and asks once more, never
//! twice. The answer's body goes to stdout byte for byte, whatever its status; a status that
//! is not a success decides the exit code (22 for a 4xx, 23 otherwise) unless `--no-fail`.

use std::io::{Read, Write};

use anyhow::{Context, Result};

use super::load_settings;
use crate::cli::{Cli, ResourceArgs};
use crate::dpop::{self, DpopKey};
use crate::error;
use crate::http::{Client, Policy, Response};
use crate::obtain::{self, Mode};
use crate::resource::{self, Body};
use crate::terminal;
use crate::token::TokenSet;

pub fn run(cli: &Cli, args: &ResourceArgs) -> Result<()> {
    let (profile, url) = match &args.second {
        Some(url) => (Some(args.first.as_str()), url.as_str()),
        None => (None, args.first.as_str()),
    };
    let settings = load_settings(cli, profile, &args.request, None)?;
    let api_base = args
        .api_url
        .as_deref()
        .or(settings.api_url.as_deref())
        .or(settings.base_url.as_deref());
    let call = resource::build(
        args.method.as_deref(),
        url,
        api_base,
        &args.headers,
        body(args)?,
    )?;
    let mode = Mode::Cached {
        min_ttl: args.reuse.min_ttl,
        force: false,
    };
    let backend = args.store.store;
    let (token, _) = obtain::token(&settings, backend, mode, cli.global.verbose)?;
    let client = obtain::client(&settings, cli.global.verbose)?;
    let policy = Policy::resource(call.method, resource::MAX_BODY);
    let mut resp = send(&client, &call, &token, policy)?;
    if resource::token_refused(&resp) {
        eprintln!(
            "otok: {} refused the access token (invalid_token); getting a new one and asking once more",
            crate::http::host_of(&call.url)
        );
        obtain::drop_access_token(&settings, backend, &token.access_token)?;
        let (token, _) = obtain::token(&settings, backend, mode, cli.global.verbose)
            .context("getting a new token after the resource server refused the stored one")?;
        resp = send(&client, &call, &token, policy)?;
    }
    print(&resp, args.include)?;
    match resource::failure(&call, &resp) {
        Some(failure) if !args.no_fail => Err(failure.into()),
        _ => Ok(()),
    }
}

/// Sends `call` with `token`: a DPoP token with a proof of its key (and the server's nonce,
/// asked for once), any other as its type says.
fn send(
    client: &Client,
    call: &resource::Call,
    token: &TokenSet,
    policy: Policy,
) -> Result<Response> {
    let dpop = match &token.binding.dpop_key {
        Some(kept) if token.token_type.eq_ignore_ascii_case("DPoP") => {
            let key = DpopKey::from_kept(kept)?;
            key.check_binding(&token.access_token)?;
            Some(key)
        }
        _ => None,
    };
    let mut nonce: Option<String> = None;
    loop {
        let mut req = call.request(&token.token_type, &token.access_token);
        if let Some(key) = &dpop {
            let proof = key.proof(
                call.method,
                &call.url,
                Some(&token.access_token),
                nonce.as_deref(),
            )?;
            req.headers
                .push(("dpop".into(), proof.expose().to_string()));
        }
        let resp = client.send_with(&req, policy)?;
        match dpop.as_ref().and_then(|_| dpop::nonce_asked(&resp)) {
            Some(asked) if nonce.is_none() => nonce = Some(asked),
            _ => return Ok(resp),
        }
    }
}

/// The body the flags give, read now (from a file or stdin) so that a retry sends the same bytes.
fn body(args: &ResourceArgs) -> Result<Option<Body>> {
    if let Some(data) = &args.data {
        return Ok(Some(Body::Data(data.clone())));
    }
    if let Some(json) = &args.json {
        return Ok(Some(Body::Json(json.clone())));
    }
    let Some(path) = &args.data_file else {
        return Ok(None);
    };
    let mut bytes = Vec::new();
    let read = if path.as_os_str() == "-" {
        std::io::stdin().lock().read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes))
    };
    read.map_err(|e| error::config(format!("cannot read {}: {e}", path.display())))?;
    Ok(Some(Body::Bytes(bytes)))
}

/// The body to stdout as it came; with `include`, the status line and headers first, as text
/// made safe for a terminal. A reader that went away is not an error.
fn print(resp: &Response, include: bool) -> Result<()> {
    let mut out = Vec::with_capacity(resp.body.len() + 512);
    if include {
        let reason = ureq::http::StatusCode::from_u16(resp.status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("");
        out.extend_from_slice(format!("HTTP/1.1 {} {reason}\n", resp.status).as_bytes());
        for (name, value) in &resp.headers {
            let line = format!(
                "{}: {}\n",
                terminal::sanitize(name, terminal::WORD),
                terminal::sanitize(value, terminal::LINE)
            );
            out.extend_from_slice(line.as_bytes());
        }
        out.push(b'\n');
    }
    out.extend_from_slice(&resp.body);
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(&out).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
