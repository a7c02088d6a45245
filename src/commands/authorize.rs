//! `otok authorize [PROFILE]`: a person authorizes otok, in a browser (authorization code with
//! PKCE and `state`, the redirect caught on loopback or pasted back) or on another device
//! (RFC 8628); the tokens are stored, so `otok token` serves and refreshes them afterwards.

use std::io::BufRead;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use anyhow::Result;

use super::load_settings;
use super::token::print;
use crate::cli::{AuthorizeArgs, Cli};
use crate::config::Settings;
use crate::dpop::DpopKey;
use crate::error::{self, Error, Kind};
use crate::http::Client;
use crate::listener::{self, Listener, Redirect};
use crate::oauth::authorize::{self, Expected};
use crate::oauth::device;
use crate::oauth::discovery::{self, Endpoint, Endpoints};
use crate::oauth::pkce::{self, Pkce};
use crate::oauth::request::request_token;
use crate::obtain::lock;
use crate::progress::Countdown;
use crate::provider::AuthorizeInput;
use crate::token::TokenSet;
use crate::types::{Grant, DEVICE_CODE};
use crate::{browser, when};

/// How long a person has to finish, when `--timeout` does not say.
const DEFAULT_WAIT: Duration = Duration::from_secs(300);

pub fn run(cli: &Cli, args: &AuthorizeArgs) -> Result<()> {
    let settings = load_settings(
        cli,
        args.profile.as_deref(),
        &args.request,
        args.output.format,
    )?;
    let grant = if args.device {
        Grant::Extension(DEVICE_CODE.into())
    } else {
        Grant::AuthorizationCode
    };
    settings.provider.check_grant(&grant)?;
    let store = crate::obtain::open_store(args.store.store)?;
    let key = crate::obtain::cache_key(&store, &settings)?;
    let client = crate::obtain::client(&settings, cli.global.verbose)?;
    let need = if args.device {
        Endpoint::Device
    } else {
        Endpoint::Authorize
    };
    let ep = discovery::resolve(
        &settings,
        &client,
        need,
        args.device_url.as_deref(),
        Some(&store),
    )?;
    let wait = args
        .request
        .timeout
        .map_or(DEFAULT_WAIT, Duration::from_secs);

    let dpop = crate::obtain::dpop_key(&settings, &ep, None)?;
    let token = if args.device {
        device_flow(&client, &settings, &ep, dpop.as_ref())?
    } else {
        code_flow(&client, &settings, &ep, args, wait, dpop.as_ref())?
    };
    crate::obtain::warn_of_token_type(&settings, &token);
    if token.extra.get("status").and_then(|s| s.as_str()) == Some("pending") {
        eprintln!(
            "otok: the token's status is pending: the owner has not approved the access yet, \
             and calls with it fail until they do"
        );
    }
    {
        let _lock = lock(&store, &key, &settings)?;
        store.put(&key, &crate::obtain::record_of(&settings, &token))?;
    }
    let again = match &settings.profile {
        Some(profile) => format!("otok token {profile}"),
        None => "otok token with the same options".into(),
    };
    eprintln!("otok: authorized; the tokens are stored, and `{again}` prints the access token");
    if args.output.format.is_some() {
        print(&settings, &token, false, &args.output.env_var)?;
    }
    Ok(())
}

/// Authorization code with PKCE: the URL opened, the redirect awaited, the code exchanged.
fn code_flow(
    client: &Client,
    s: &Settings,
    ep: &Endpoints,
    args: &AuthorizeArgs,
    wait: Duration,
    dpop: Option<&DpopKey>,
) -> Result<TokenSet> {
    let authorize_url = ep.authorize.clone().ok_or_else(|| {
        error::config(format!("{} has no authorization endpoint", s.provider.name))
            .hint("give --authorize-url, or --issuer whose metadata names one")
    })?;
    let state = pkce::random(24)?;
    let pkce = if s.provider.pkce {
        Some(Pkce::new()?)
    } else {
        None
    };

    // Where the redirect comes back: the loopback listener, or a paste on stdin when the
    // registered redirect URI is elsewhere.
    let registered = args.redirect_uri.as_deref().or(s.redirect_uri.as_deref());
    let listener = match registered {
        Some(uri) if listener::loopback_parts(uri).is_none() => None,
        uri => Some(Listener::bind(args.port.unwrap_or(0), uri)?),
    };
    let redirect_uri = match (&listener, registered) {
        (Some(l), _) => l.redirect_uri.clone(),
        (None, Some(uri)) => uri.to_string(),
        (None, None) => unreachable!("no registered URI means a listener"),
    };
    let params = s.provider.hooks.authorize_params(&AuthorizeInput {
        client_id: &s.client_id,
        redirect_uri: &redirect_uri,
        scopes: &s.scopes,
        state: &state,
        code_challenge: pkce.as_ref().map(|p| p.challenge.as_str()),
    })?;
    let url = authorize::url(&authorize_url, &params);

    let (tx, rx) = mpsc::channel::<Redirect>();
    let pasting = args.no_browser || listener.is_none();
    if let Some(listener) = listener {
        let tx = tx.clone();
        let state = state.clone();
        std::thread::spawn(move || listener.serve(state, tx));
    }
    if pasting {
        let tx = tx.clone();
        std::thread::spawn(move || {
            // A pasted redirect URL is a few hundred bytes: read no more than 64 KiB.
            let input = std::io::Read::take(std::io::stdin().lock(), 64 * 1024);
            for line in std::io::BufReader::new(input).lines() {
                let Ok(line) = line else { break };
                if !line.trim().is_empty() {
                    let _ = tx.send(Redirect {
                        target: line,
                        conn: None,
                    });
                    break;
                }
            }
        });
    }
    drop(tx);

    if args.no_browser {
        eprintln!("otok: open this URL in a browser to authorize otok:\n\n  {url}\n");
    } else {
        eprintln!(
            "otok: opening {}'s authorization page in your browser; if it does not open, visit:\n\n  {url}\n",
            s.provider.name
        );
        if let Err(e) = browser::open(&url) {
            eprintln!("otok: {e}: open the URL yourself");
        }
    }
    if pasting {
        eprintln!("otok: then paste here the URL the browser is sent back to ({redirect_uri}…)");
    }

    let countdown = Countdown::new("otok: waiting for the browser", wait);
    let received = loop {
        // A live line while the browser works; none while a URL is being pasted on stdin.
        if !pasting {
            countdown.show();
        }
        match rx.recv_timeout(countdown.left().min(Duration::from_secs(1))) {
            Err(RecvTimeoutError::Timeout) if !countdown.left().is_zero() => {}
            other => break other,
        }
    };
    drop(countdown);
    let redirect = match received {
        Ok(redirect) => redirect,
        Err(RecvTimeoutError::Timeout) => {
            return Err(Error::new(
                Kind::Interactive,
                format!(
                    "no authorization came back within {}",
                    when::span(wait.as_secs())
                ),
            )
            .hint("run `otok authorize` again (--timeout SECS gives more time)")
            .into())
        }
        Err(RecvTimeoutError::Disconnected) => {
            return Err(Error::new(
                Kind::Interactive,
                "stdin ended before a redirect URL was pasted",
            )
            .hint("paste the URL the browser lands on, or drop --no-browser")
            .into())
        }
    };
    let result = authorize::code_of(
        &redirect.target,
        &Expected {
            provider: &s.provider.name,
            state: &state,
            issuer: s.issuer.as_deref(),
            redirect_uri: &redirect_uri,
        },
    );
    if let Some(mut conn) = redirect.conn {
        match &result {
            Ok(_) => listener::respond(
                &mut conn,
                200,
                "Authorized",
                "otok has the authorization. You may close this tab and return to the terminal.",
            ),
            Err(e) => listener::respond(
                &mut conn,
                400,
                "Authorization failed",
                &format!("{e}. Return to the terminal."),
            ),
        }
    }
    let code = result?;
    let mut extra = vec![
        ("code".to_string(), code.expose().into()),
        ("redirect_uri".to_string(), redirect_uri.into()),
    ];
    if let Some(pkce) = &pkce {
        extra.push(("code_verifier".into(), pkce.verifier.expose().into()));
    }
    request_token(client, s, ep, &Grant::AuthorizationCode, extra, dpop)
}

/// RFC 8628: the user code on stderr, then polling until the person approved.
fn device_flow(
    client: &Client,
    s: &Settings,
    ep: &Endpoints,
    dpop: Option<&DpopKey>,
) -> Result<TokenSet> {
    let url = ep.device.clone().ok_or_else(|| {
        error::config(format!(
            "no device authorization endpoint is known for {}",
            s.provider.name
        ))
        .hint("give --device-url, or --issuer whose metadata names one")
    })?;
    let auth = device::start(client, s, ep, &url)?;
    eprintln!(
        "otok: to authorize otok, visit {} and enter the code\n\n  {}\n",
        auth.verification_uri, auth.user_code
    );
    if let Some(complete) = &auth.verification_uri_complete {
        eprintln!("otok: or open {complete}");
    }
    eprintln!(
        "otok: waiting for the authorization (the code expires in {})",
        when::span(auth.expires_in)
    );
    let countdown = Countdown::new(
        format!("otok: waiting for code {}", auth.user_code),
        Duration::from_secs(auth.expires_in),
    );
    device::poll(client, s, ep, &auth, dpop, &mut |wait| {
        countdown.sleep(wait)
    })
}
