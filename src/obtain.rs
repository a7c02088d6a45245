//! The token path: a token from the store while it lasts, else refreshed with the stored
//! refresh token, else from the profile's grant, and stored.
//!
//! The cached path reads the store without taking the lock, so that callers do not queue
//! behind each other while a token is valid. Only when a request is needed is the per-key lock
//! taken, and the store read again under it: whoever waited finds the token the holder got.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use anyhow::Result;

use crate::certificate::Chain;
use crate::ci;
use crate::config::{FileConfig, Settings};
use crate::dpop::DpopKey;
use crate::error::{self, Error, Kind};
use crate::http::Client;
use crate::jws::PrivateKey;
use crate::oauth::discovery::{self, Endpoint, Endpoints};
use crate::oauth::request;
use crate::secret::{Secret, TokenFrom};
use crate::store::{KeyLock, Lookup, Record, Store, Waits};
use crate::token::{self, TokenSet};
use crate::types::{Backend, Dpop, Grant};

/// What getting another profile's token needs from the command line: the config file, `-v`,
/// and the store of the command (set by [`open_store`]).
struct Context {
    config: Option<PathBuf>,
    verbose: bool,
}

static CONTEXT: OnceLock<Context> = OnceLock::new();
static BACKEND: OnceLock<Backend> = OnceLock::new();

thread_local! {
    /// The profiles whose tokens are being got for another's, innermost last.
    static CHAIN: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// A profile on [`CHAIN`] while its token is got.
struct InChain;

impl InChain {
    fn enter(profile: &str) -> InChain {
        CHAIN.with(|c| c.borrow_mut().push(profile.to_string()));
        InChain
    }
}

impl Drop for InChain {
    fn drop(&mut self) {
        CHAIN.with(|c| c.borrow_mut().pop());
    }
}

/// Lets secret sources name another profile's token or a CI job's identity
/// ([`TokenFrom`]): `config` and `verbose` are the command line's.
pub fn enable_token_sources(config: Option<PathBuf>, verbose: bool) {
    let _ = CONTEXT.set(Context { config, verbose });
    crate::secret::set_token_resolver(token_from);
}

/// Reads a [`TokenFrom`] source: another profile's access token, served, refreshed and
/// single-flighted as `otok token NAME` does (in the command's store), or a CI identity.
fn token_from(from: &TokenFrom, what: &str) -> Result<Secret> {
    let verbose = CONTEXT.get().is_some_and(|c| c.verbose);
    match from {
        TokenFrom::Profile(name) => {
            let chain = CHAIN.with(|c| c.borrow().clone());
            if chain.contains(name) {
                return Err(error::config(format!(
                    "the {what} of profile {name} comes from profile {name} itself: {} → {name}",
                    chain.join(" → ")
                ))
                .hint("break the circle: one of these profiles must get its token another way")
                .into());
            }
            let config_path = CONTEXT.get().and_then(|c| c.config.clone());
            let (config, _) = FileConfig::load(config_path.as_deref())?;
            let settings = Settings::of_profile_alone(&config, name)
                .map_err(|e| e.context(format!("the {what} comes from profile {name}")))?;
            let backend = BACKEND.get().copied().unwrap_or(Backend::Auto);
            let mode = Mode::Cached {
                min_ttl: 60,
                force: false,
            };
            let (token, _) = token(&settings, backend, mode, verbose)
                .map_err(|e| e.context(format!("getting the {what} from profile {name}")))?;
            Ok(token.access_token)
        }
        TokenFrom::GithubActions { audience } => ci::github_actions(audience.as_deref(), verbose),
        TokenFrom::Gitlab(variable) => ci::gitlab(variable),
        TokenFrom::Kubernetes(path) => ci::kubernetes(path),
        TokenFrom::Keychain(name) => {
            // Kept in the keychain whatever store the tokens use (and not the store a chained
            // profile's token is read from: that is the command's).
            let store = Store::open(Backend::Keyring, Waits::default())?;
            store.keychain_secret(name)?.ok_or_else(|| {
                error::config(format!(
                    "the {what} should be in the keychain entry secret:{name}, and there is none"
                ))
                .hint(format!(
                    "add it again with `otok profile add {name} --replace --secret-from keyring`"
                ))
                .into()
            })
        }
    }
}

/// The store for `backend`, with the waits of the environment (`OTOK_KEYCHAIN_TIMEOUT` where
/// the keychain is used, `OTOK_LOCK_TIMEOUT` where anything is stored), each read once.
pub fn open_store(backend: Backend) -> Result<Store> {
    let _ = BACKEND.set(backend);
    let mut waits = Waits::default();
    if matches!(backend, Backend::Keyring | Backend::Auto) {
        if let Some(wait) = crate::env::seconds("OTOK_KEYCHAIN_TIMEOUT") {
            waits.keychain = wait;
        }
    }
    if backend != Backend::None {
        waits.lock = crate::env::seconds("OTOK_LOCK_TIMEOUT");
    }
    Store::open(backend, waits)
}

/// The store's key for the token `settings` ask for.
pub fn cache_key(store: &Store, settings: &Settings) -> Result<String> {
    request::cache_key(settings, &|| store.installation_key())
}

#[derive(Debug, Clone, Copy)]
pub enum Mode {
    /// Serve a stored token with at least `min_ttl` seconds left, unless `force`.
    Cached { min_ttl: u64, force: bool },
    /// Always get a new token.
    Refresh,
}

impl Mode {
    fn serves(self, record: &Record, now: u64) -> bool {
        match self {
            Mode::Cached { min_ttl, force } => !force && record.is_fresh(now, min_ttl),
            Mode::Refresh => false,
        }
    }
}

/// A token for `settings`, and whether it came from the store; `verbose` traces the HTTP
/// exchanges. A stored token bound otherwise than `settings` ask (another client certificate,
/// a DPoP key where none is wanted or none where one is) is neither served nor refreshed: the
/// grant runs again and its token replaces it.
pub fn token(
    settings: &Settings,
    backend: Backend,
    mode: Mode,
    verbose: bool,
) -> Result<(TokenSet, bool)> {
    // While this profile's token is got, a source that names it again is a circle.
    let _in_chain = settings.profile.as_deref().map(InChain::enter);
    let store = open_store(backend)?;
    let key = cache_key(&store, settings)?;
    // Read once: its thumbprint decides what may be served, the chain goes into the client.
    let chain = read_chain(settings)?;
    let certificate = chain.as_ref().map(Chain::thumbprint);
    let fits = |record: &Record| binding_fits(settings, certificate.as_deref(), record);
    if let Some(record) = read(&store, &key)? {
        if fits(&record) && mode.serves(&record, token::now()) {
            return Ok((record.token_set(), true));
        }
    }
    let _lock = lock(&store, &key, settings)?;
    let existing = read(&store, &key)?.filter(fits);
    if let Some(record) = &existing {
        if mode.serves(record, token::now()) {
            return Ok((record.token_set(), true));
        }
    }

    let client = client_with(settings, verbose, chain)?;
    let ep = discovery::resolve(settings, &client, Endpoint::Token, None, Some(&store))?;
    let token = match get_token(&store, &key, &client, settings, &ep, existing.as_ref()) {
        // The server may have moved its endpoints since its metadata was kept (the one called
        // is gone): once more, with metadata fetched now.
        Err(e) if discovery::refetch(&ep, &e) => {
            if let Some(issuer) = &settings.issuer {
                store.uncache(METADATA, &discovery::kept_as(settings, issuer));
            }
            let ep = discovery::resolve(settings, &client, Endpoint::Token, None, Some(&store))?;
            get_token(&store, &key, &client, settings, &ep, existing.as_ref())?
        }
        other => other?,
    };
    warn_of_token_type(settings, &token);
    store.put(&key, &record_of(settings, &token))?;
    Ok((token, false))
}

/// What the store keeps discovery metadata as.
const METADATA: &str = "metadata";

impl discovery::MetadataCache for Store {
    fn get(&self, issuer: &str) -> Option<Vec<u8>> {
        self.cached(METADATA, issuer)
    }

    fn put(&self, issuer: &str, document: &[u8]) {
        self.cache(METADATA, issuer, document)
    }
}

/// A new token at `ep`: the stored refresh token's, else the profile's grant's.
fn get_token(
    store: &Store,
    key: &str,
    client: &Client,
    settings: &Settings,
    ep: &Endpoints,
    existing: Option<&Record>,
) -> Result<TokenSet> {
    let dpop = dpop_key(settings, ep, existing)?;
    let dpop = dpop.as_ref();
    let stored_refresh = existing.and_then(|r| r.refresh_token.clone());
    let (client, ep, key) = (client, ep, key);
    Ok(match stored_refresh {
        Some(refresh_token) => match refresh_with(client, settings, ep, &refresh_token, dpop) {
            Ok(new) => keep_refresh_token(new, &refresh_token),
            Err(e) if refresh_token_refused(&e) => {
                let why = match error::oauth_code(&e) {
                    Some(code) => code.to_string(),
                    None => format!(
                        "HTTP {} without an OAuth error",
                        error::http_status(&e).unwrap_or_default()
                    ),
                };
                eprintln!("otok: the stored refresh token was refused ({why}); it is dropped");
                store.delete(key)?;
                run_grant(client, settings, ep, dpop)?
            }
            Err(e) => return Err(e),
        },
        None => run_grant(client, settings, ep, dpop)?,
    })
}

/// A token type otok does not know how to present is worth a warning; a DPoP token with its
/// key is what was asked for.
pub fn warn_of_token_type(settings: &Settings, token: &TokenSet) {
    let expected = token.token_type == "Bearer"
        || (token.token_type.eq_ignore_ascii_case("DPoP") && token.binding.dpop_key.is_some());
    if !expected {
        eprintln!(
            "otok: warning: {} issued a token whose token_type is {}, not Bearer: using it may \
             take more than an `Authorization: Bearer` header (a DPoP proof, a MAC)",
            settings.provider.name,
            crate::terminal::sanitize(&token.token_type, crate::terminal::WORD)
        );
    }
}

/// The HTTP client for `settings`: its timeout, its CA, and its client certificate for mutual
/// TLS, checked against its key.
pub fn client(settings: &Settings, verbose: bool) -> Result<Client> {
    client_with(settings, verbose, read_chain(settings)?)
}

/// [`client`] with the certificate chain already read (`None`: the settings name none).
fn client_with(settings: &Settings, verbose: bool, chain: Option<Chain>) -> Result<Client> {
    let client = Client::new(settings.timeout, settings.ca_cert.as_deref(), verbose)?;
    let Some(chain) = chain else {
        return Ok(client);
    };
    let path = Path::new(&chain.origin);
    // Without a key of its own, the certificate is the signing key's.
    let (source, what) =
        match (&settings.client_key, &settings.private_key) {
            (Some(source), _) => (source, "client certificate's key"),
            (None, Some(source)) => (source, "private key"),
            (None, None) => return Err(error::config(format!(
                "the client certificate {} needs its private key",
                path.display()
            ))
            .hint("use --client-key-file, or client_key_file or client_key = { … } in the profile")
            .into()),
        };
    source.warn_if_others_can_read(what);
    let text = source.resolve(what)?;
    let key = PrivateKey::parse(text.expose(), &source.origin(), settings.key_id.as_deref())?;
    chain.check_key(&key, &source.origin())?;
    if text.expose().trim_start().starts_with('{') {
        // A JWK cannot go in a TLS handshake: the certificate then only names the key
        // (`x5t#S256` in assertions).
        return Ok(client);
    }
    client.with_client_cert(&chain.certs, &text)
}

/// The client certificate chain `settings` name, if any.
fn read_chain(settings: &Settings) -> Result<Option<Chain>> {
    settings
        .client_cert_file
        .as_deref()
        .map(Chain::read)
        .transpose()
}

/// Whether a stored token may be presented under `settings`: not bound to another certificate
/// than the one in use, and DPoP-bound exactly when DPoP is asked for (either, for "auto").
fn binding_fits(settings: &Settings, certificate: Option<&str>, record: &Record) -> bool {
    let certificate_fits = match &record.x5t_s256 {
        Some(bound) => certificate == Some(bound.as_str()),
        None => true,
    };
    let dpop_fits = match settings.dpop {
        Dpop::On => record.dpop_key.is_some(),
        Dpop::Off => record.dpop_key.is_none(),
        Dpop::Auto => true,
    };
    certificate_fits && dpop_fits
}

/// The DPoP key for a token request under `settings`: the stored entry's (its refresh token
/// may be bound to it), else a new one, when DPoP is asked for or ("auto") the server takes it.
pub fn dpop_key(
    settings: &Settings,
    ep: &Endpoints,
    existing: Option<&Record>,
) -> Result<Option<DpopKey>> {
    let kept = existing.and_then(|r| r.dpop_key.as_ref());
    let wanted = match settings.dpop {
        Dpop::On => true,
        Dpop::Off => false,
        Dpop::Auto => kept.is_some() || ep.dpop_supported,
    };
    match (wanted, kept) {
        (false, _) => Ok(None),
        (true, Some(kept)) => DpopKey::from_kept(kept).map(Some),
        (true, None) => DpopKey::generate().map(Some),
    }
}

/// The record that keeps `token`, got for `settings`.
pub fn record_of(settings: &Settings, token: &TokenSet) -> Record {
    Record::new(
        settings.profile.as_deref(),
        &settings.provider.name,
        &settings.client_id,
        token,
    )
}

/// Takes the per-key lock (none is needed when nothing is stored).
pub fn lock(store: &Store, key: &str, settings: &Settings) -> Result<Option<KeyLock>> {
    Ok(match store.backend() {
        Backend::None => None,
        _ => Some(KeyLock::acquire(
            store.data_dir(),
            key,
            lock_wait(store, settings),
        )?),
    })
}

/// Reads the stored record; a corrupt one is reported and treated as absent (it is replaced
/// by the next write).
pub fn read(store: &Store, key: &str) -> Result<Option<Record>> {
    Ok(match store.get(key)? {
        Lookup::Found(record) => Some(*record),
        Lookup::Missing => None,
        Lookup::Corrupt(why) => {
            eprintln!("otok: warning: the stored token is unreadable ({why}); it will be replaced");
            None
        }
    })
}

fn refresh_with(
    client: &Client,
    s: &Settings,
    ep: &Endpoints,
    refresh_token: &Secret,
    dpop: Option<&DpopKey>,
) -> Result<TokenSet> {
    let extra = vec![("refresh_token".to_string(), refresh_token.expose().into())];
    request::request_token(client, s, ep, &Grant::RefreshToken, extra, dpop)
}

/// Whether a refresh failed because of the refresh token, so that the profile's grant should
/// start over: `invalid_grant`, or a 400 or 401 without an OAuth error (an empty or non-JSON
/// body), as some servers answer a dead refresh token. A refusal of the client
/// (`invalid_client`), a 5xx or a network failure keeps the refresh token.
fn refresh_token_refused(e: &anyhow::Error) -> bool {
    error::oauth_code(e) == Some("invalid_grant")
        || matches!(error::wordless_refusal(e), Some(400 | 401))
}

/// A refresh answer without a new refresh token leaves the old one valid (RFC 6749 §6).
fn keep_refresh_token(mut new: TokenSet, old: &Secret) -> TokenSet {
    if new.refresh_token.is_none() {
        new.refresh_token = Some(old.clone());
    }
    new
}

/// Runs the profile's own grant, which must not need a browser.
fn run_grant(
    client: &Client,
    s: &Settings,
    ep: &Endpoints,
    dpop: Option<&DpopKey>,
) -> Result<TokenSet> {
    match &s.grant {
        grant if grant.is_interactive() => Err(Error::new(
            Kind::Interactive,
            format!("no usable token is stored, and the {grant} grant needs a person at a browser"),
        )
        .hint(
            "authorize interactively with `otok authorize`; `otok token` then refreshes the token",
        )
        .into()),
        Grant::RefreshToken => {
            let source = s.refresh_token.as_ref().ok_or_else(|| {
                error::config(
                    "the refresh_token grant needs a refresh token to start from; the entry a \
                     refresh token started is found with that same refresh token",
                )
                .hint(
                    "set OTOK_REFRESH_TOKEN or use --refresh-token-file with the refresh token the \
                     entry started from (otok keeps the rotated one); for a lasting session, \
                     authorize a profile with `otok authorize`",
                )
            })?;
            let refresh_token = source.resolve("refresh token")?;
            let new = refresh_with(client, s, ep, &refresh_token, dpop)?;
            Ok(keep_refresh_token(new, &refresh_token))
        }
        grant => request::request_token(client, s, ep, grant, Vec::new(), dpop),
    }
}

/// How long to wait for another otok that holds the lock: long enough for its requests and
/// retries, bounded so that a stuck process does not hang every caller.
fn lock_wait(store: &Store, s: &Settings) -> Duration {
    store
        .waits()
        .lock
        .unwrap_or_else(|| (s.timeout * 3 + Duration::from_secs(10)).max(Duration::from_secs(30)))
}

/// Forgets the stored access token `refused` after a resource server refused it
/// (`invalid_token`), keeping the refresh token: the next [`token`] refreshes it, else runs the
/// grant. An entry whose access token is already another one (another otok replaced it
/// meanwhile) is left alone, so that the new token is served rather than replaced again.
pub fn drop_access_token(settings: &Settings, backend: Backend, refused: &Secret) -> Result<()> {
    let store = open_store(backend)?;
    let key = cache_key(&store, settings)?;
    let _lock = lock(&store, &key, settings)?;
    if let Some(mut record) = read(&store, &key)? {
        if record.access_token.expose() == refused.expose() {
            record.access_token = Secret::none();
            store.put(&key, &record)?;
        }
    }
    Ok(())
}
