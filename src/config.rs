//! From the config file, the environment and the flags to checked [`Settings`].
//!
//! Precedence is built-in defaults < config file < environment < flags; clap already merges
//! the environment under the flags, so this module lays both over the profile and the
//! provider's defaults. Secrets stay [`SecretSource`]s here and are read only when a request
//! needs them, so that a command which needs no secret never runs a password manager.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Result;
use serde::Deserialize;

use crate::cli::RequestArgs;
use crate::error;
use crate::provider::{self, Provider, ProviderDef};
use crate::secret::{Role, SecretSource};
use crate::types::{
    token_type_uri, Alg, AssertionAudience, AuthMethod, Dpop, Format, Grant, LoginType, Scopes,
    JWT_BEARER,
};

const DEFAULT_TIMEOUT_SECS: u64 = 30;
/// A client assertion's lifetime unless told: long enough for a slow network and a clock a
/// little off, short enough that a captured one is soon worthless.
const DEFAULT_ASSERTION_LIFETIME: u64 = 60;
const MAX_ASSERTION_LIFETIME: u64 = 3600;
/// The longest timeout taken: a day. Far longer ones overflow the deadlines computed from it.
const MAX_TIMEOUT_SECS: u64 = crate::env::MAX_SECONDS;

/// The config file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
    #[serde(default)]
    pub providers: BTreeMap<String, ProviderDef>,
    /// `[hosts."git.example.com"]`: which profile's token git gets for a host (and path).
    #[serde(default)]
    pub hosts: BTreeMap<String, HostEntry>,
}

/// One `[hosts."HOST[/PATH]"]` section.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HostEntry {
    pub profile: String,
}

/// One `[profiles.NAME]` section.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub provider: Option<String>,
    pub base_url: Option<String>,
    pub token_url: Option<String>,
    pub authorize_url: Option<String>,
    pub revoke_url: Option<String>,
    pub introspect_url: Option<String>,
    /// Where `otok request` resolves a URL that starts with `/` (else: the base URL).
    pub api_url: Option<String>,
    pub redirect_uri: Option<String>,
    pub issuer: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<SecretSource>,
    pub auth_method: Option<AuthMethod>,
    pub private_key_file: Option<PathBuf>,
    /// The client's private key from any secret source (`private_key = { command = … }`).
    pub private_key: Option<SecretSource>,
    pub key_id: Option<String>,
    pub signing_alg: Option<Alg>,
    pub assertion_audience: Option<AssertionAudience>,
    pub assertion_lifetime: Option<u64>,
    pub client_cert_file: Option<PathBuf>,
    pub client_key_file: Option<PathBuf>,
    pub client_key: Option<SecretSource>,
    pub dpop: Option<Dpop>,
    /// A client assertion made elsewhere (`client_assertion_jwt`).
    pub client_assertion: Option<SecretSource>,
    pub subject_token: Option<SecretSource>,
    pub subject_token_type: Option<String>,
    pub actor_token: Option<SecretSource>,
    pub actor_token_type: Option<String>,
    pub audience: Option<Scopes>,
    pub resource: Option<Scopes>,
    pub requested_token_type: Option<String>,
    /// The JWT-bearer grant's assertion, as it is.
    pub assertion: Option<SecretSource>,
    pub assertion_issuer: Option<String>,
    pub assertion_subject: Option<String>,
    pub service_account_file: Option<PathBuf>,
    pub grant: Option<Grant>,
    pub scope: Option<Scopes>,
    pub username: Option<String>,
    pub password: Option<SecretSource>,
    pub login_info: Option<LoginInfo>,
    #[serde(default, deserialize_with = "named_params")]
    pub params: BTreeMap<String, ParamValue>,
    pub timeout: Option<u64>,
    pub ca_cert: Option<PathBuf>,
    pub format: Option<Format>,
    /// The user name git sends with the token (`otok git-credential`) [default: oauth2].
    pub git_username: Option<String>,
}

/// An extra request parameter: text, or a secret from one of the secret sources
/// (`subject_token = { env = "SUBJECT_TOKEN" }`). A text value under a secret's name
/// (`subject_token = "…"`) is a secret too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamValue {
    Text(String),
    Secret(SecretSource),
}

impl ParamValue {
    /// A value under `name`: secret names make secrets, whatever the form.
    fn named(name: &str, value: ParamValue) -> ParamValue {
        match value {
            ParamValue::Text(text) if crate::types::is_secret_key(name) => {
                ParamValue::Secret(SecretSource::Literal(crate::secret::Secret::new(text)))
            }
            other => other,
        }
    }

    /// What the parameter is to the token: the client's own authentication, or who the token
    /// is for.
    pub fn role(name: &str) -> Role {
        match name.to_ascii_lowercase().as_str() {
            "client_secret" | "client_assertion" | "password" | "pwd" | "code_verifier" => {
                Role::Credential
            }
            _ => Role::Identity,
        }
    }
}

/// A profile's `params`, each value a secret when its name is a secret's.
fn named_params<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<String, ParamValue>, D::Error> {
    let params = BTreeMap::<String, ParamValue>::deserialize(deserializer)?;
    Ok(params
        .into_iter()
        .map(|(name, value)| {
            let value = ParamValue::named(&name, value);
            (name, value)
        })
        .collect())
}

impl<'de> Deserialize<'de> for ParamValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        match toml::Value::deserialize(deserializer)? {
            toml::Value::String(s) => Ok(ParamValue::Text(s)),
            table @ toml::Value::Table(_) => SecretSource::deserialize(table)
                .map(ParamValue::Secret)
                .map_err(D::Error::custom),
            other => Err(D::Error::custom(format!(
                "expected a string or a secret source such as {{ env = \"NAME\" }}, got {}",
                other.type_str()
            ))),
        }
    }
}

/// MyQ's `login_info` in a profile: `{ type = "pin", pin = { env = "MYQ_PIN" } }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginInfo {
    #[serde(rename = "type")]
    pub login_type: LoginType,
    pub card: Option<SecretSource>,
    pub pin: Option<SecretSource>,
}

impl FileConfig {
    /// Reads the config file: `explicit` must exist; the default location may be absent.
    pub fn load(explicit: Option<&Path>) -> Result<(FileConfig, Option<PathBuf>)> {
        let (path, must_exist) = match explicit {
            Some(path) => (path.to_path_buf(), true),
            None => match default_path() {
                Some(path) => (path, false),
                None => return Ok((FileConfig::default(), None)),
            },
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !must_exist => {
                return Ok((FileConfig::default(), None))
            }
            Err(e) => {
                return Err(error::config(format!(
                    "cannot read the config file {}: {e}",
                    path.display()
                ))
                .into())
            }
        };
        let config = FileConfig::parse(&text).map_err(|e| {
            error::config(format!("bad config file {}: {e}", path.display()))
                .hint("see the configuration reference in the README")
        })?;
        config.check_trust(&path)?;
        Ok((config, Some(path)))
    }

    /// The secret sources of every profile.
    fn sources(&self) -> impl Iterator<Item = &SecretSource> {
        self.profiles.values().flat_map(|p| {
            [
                &p.client_secret,
                &p.password,
                &p.private_key,
                &p.client_key,
                &p.client_assertion,
                &p.subject_token,
                &p.actor_token,
                &p.assertion,
            ]
            .into_iter()
            .flatten()
            .chain(
                p.login_info
                    .iter()
                    .flat_map(|l| l.card.iter().chain(l.pin.iter())),
            )
            .chain(p.params.values().filter_map(|v| match v {
                ParamValue::Secret(source) => Some(source),
                ParamValue::Text(_) => None,
            }))
        })
    }

    /// Whether a secret of the file is read by running a command.
    pub(crate) fn runs_commands(&self) -> bool {
        self.sources()
            .any(|s| matches!(s, SecretSource::Command(_)))
    }

    /// Refuses a config file others can change, and warns on stderr of literal secrets others
    /// can read (see [`FileConfig::trust`]).
    fn check_trust(&self, path: &Path) -> Result<()> {
        let trust = self.trust(path);
        if let Some(refused) = trust.refused {
            return Err(error::config(refused.problem).hint(refused.fix).into());
        }
        if let Some(warning) = trust.warning {
            eprintln!("otok: warning: {}; {}", warning.problem, warning.fix);
        }
        Ok(())
    }

    /// A config file others can change is not used: a file (or its directory) writable by
    /// group or others, or owned by another user than you or root, is refused, since whoever
    /// can edit it chooses what runs as you (`command` secrets) and where your secrets go
    /// (`token_url`). A directory with the sticky bit (`/tmp`) protects files it does not own.
    /// Literal secrets in a file others can read are warned about.
    #[cfg(unix)]
    pub(crate) fn trust(&self, path: &Path) -> Trust {
        use std::os::unix::fs::MetadataExt;
        let me = unsafe { libc::geteuid() };
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let mut trust = Trust::default();
        for place in [path, dir] {
            let Ok(meta) = std::fs::metadata(place) else {
                continue;
            };
            let sticky_dir = place == dir && meta.mode() & 0o1000 != 0;
            let why = if meta.uid() != me && meta.uid() != 0 {
                Some(format!("it belongs to user {}", meta.uid()))
            } else if meta.mode() & 0o022 != 0 && !sticky_dir {
                Some(format!(
                    "others can write to it (mode {:03o})",
                    meta.mode() & 0o777
                ))
            } else {
                None
            };
            if let Some(why) = why {
                let what = if place == path {
                    "the file"
                } else {
                    "its directory"
                };
                let runs = if self.runs_commands() {
                    "what its `command` secrets run as you and "
                } else {
                    ""
                };
                trust.refused = Some(Finding {
                    problem: format!(
                        "refusing to use the config file {}: {what} {why}, so another user \
                         could choose {runs}where your secrets are sent",
                        path.display(),
                    ),
                    fix: format!(
                        "make it yours and writable by you alone: chmod go-w {}",
                        place.display()
                    ),
                });
                return trust;
            }
        }
        let has_literals = self
            .sources()
            .any(|s| matches!(s, SecretSource::Literal(_)));
        if has_literals {
            if let Ok(meta) = std::fs::metadata(path) {
                if meta.mode() & 0o044 != 0 {
                    trust.warning = Some(Finding {
                        problem: format!(
                            "{} holds secrets and others can read it (mode {:03o})",
                            path.display(),
                            meta.mode() & 0o777
                        ),
                        fix: "chmod 600 it, or use { env | file | command } sources".into(),
                    });
                }
            }
        }
        trust
    }

    #[cfg(not(unix))]
    pub(crate) fn trust(&self, _path: &Path) -> Trust {
        Trust::default()
    }

    pub fn parse(text: &str) -> Result<FileConfig, toml::de::Error> {
        toml::from_str(text)
    }
}

/// Where the config file is when `--config` and `OTOK_CONFIG` do not say.
pub(crate) fn default_path() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|dirs| dirs.config_dir().join("otok").join("config.toml"))
}

/// What [`FileConfig::trust`] found: why the file is refused, if it is, and what is only
/// worth a warning.
#[derive(Debug, Default)]
pub(crate) struct Trust {
    pub refused: Option<Finding>,
    pub warning: Option<Finding>,
}

/// A problem with the config file, and what to do about it.
#[derive(Debug)]
pub(crate) struct Finding {
    pub problem: String,
    pub fix: String,
}

/// Where the token endpoint is: given, or to be read from the issuer's metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenEndpoint {
    Url(String),
    Discover { issuer: String },
}

/// Everything a token request needs, checked, with secrets still unread. It is never changed
/// after [`Settings::resolve`]: what discovery adds is `oauth::discovery::Endpoints`.
#[derive(Debug, Clone)]
pub struct Settings {
    pub profile: Option<String>,
    pub provider: Provider,
    /// The base URL in force: `--base-url`, the profile's, or the provider's default.
    pub base_url: Option<String>,
    pub token_endpoint: TokenEndpoint,
    pub authorize_url: Option<String>,
    pub revoke_url: Option<String>,
    pub introspect_url: Option<String>,
    /// The profile's API base, for `otok request` (its `--api-url` flag is laid over it there).
    pub api_url: Option<String>,
    /// The redirect URI registered with the provider, for `authorize`.
    pub redirect_uri: Option<String>,
    pub issuer: Option<String>,
    pub client_id: String,
    pub client_secret: Option<SecretSource>,
    /// The client authentication chosen (flag or profile); `None`: the provider's, or what
    /// discovery finds the server supports.
    pub auth_method: Option<AuthMethod>,
    /// The private key of `private_key_jwt` (PEM or JWK), read when a request is signed.
    pub private_key: Option<SecretSource>,
    pub key_id: Option<String>,
    pub signing_alg: Option<Alg>,
    pub assertion_audience: AssertionAudience,
    /// Seconds from a client assertion's `iat` to its `exp`.
    pub assertion_lifetime: u64,
    /// The client certificate chain of mutual TLS (and of `x5t#S256` in assertions).
    pub client_cert_file: Option<PathBuf>,
    /// The private key of the client certificate.
    pub client_key: Option<SecretSource>,
    pub dpop: Dpop,
    /// A client assertion made elsewhere, sent as it is (`client_assertion_jwt`).
    pub client_assertion: Option<SecretSource>,
    /// The token exchange's (RFC 8693) subject and actor tokens, with their type URIs.
    pub subject_token: Option<SecretSource>,
    pub subject_token_type: String,
    pub actor_token: Option<SecretSource>,
    pub actor_token_type: String,
    pub audiences: Vec<String>,
    pub resources: Vec<String>,
    pub requested_token_type: Option<String>,
    /// The JWT-bearer grant's assertion as it is; without one, the private key signs one with
    /// these `iss` and `sub`.
    pub assertion: Option<SecretSource>,
    pub assertion_issuer: Option<String>,
    pub assertion_subject: Option<String>,
    pub grant: Grant,
    pub scopes: Vec<String>,
    pub username: Option<String>,
    pub password: Option<SecretSource>,
    pub login_type: Option<LoginType>,
    pub card: Option<SecretSource>,
    pub pin: Option<SecretSource>,
    /// A refresh token to start from, for `--grant refresh_token`.
    pub refresh_token: Option<SecretSource>,
    /// Extra request parameters, in order; a later one replaces an earlier of the same name.
    pub params: Vec<(String, ParamValue)>,
    /// Every environment variable a secret source of the profile names, used or overridden:
    /// `otok exec` keeps them from the command.
    pub secret_variables: Vec<String>,
    pub timeout: Duration,
    pub ca_cert: Option<PathBuf>,
    pub format: Format,
}

impl Settings {
    /// Lays flags and environment over the profile and the provider's defaults.
    pub fn resolve(
        config: &FileConfig,
        profile_name: Option<&str>,
        args: &RequestArgs,
        format: Option<Format>,
    ) -> Result<Settings> {
        let empty = Profile::default();
        let profile = match profile_name {
            Some(name) => config.profiles.get(name).ok_or_else(|| {
                let known: Vec<&str> = config.profiles.keys().map(String::as_str).collect();
                let hint = if known.is_empty() {
                    "the config file defines no profiles; see the README, or use --provider".into()
                } else {
                    format!("profiles in the config file: {}", known.join(", "))
                };
                error::config(format!("unknown profile `{name}`")).hint(hint)
            })?,
            None => &empty,
        };

        let service_account = pick(&args.service_account_file, &profile.service_account_file)
            .map(|path| provider::google::ServiceAccount::read(&path))
            .transpose()?;
        let provider_name = args
            .provider
            .as_deref()
            .or(profile.provider.as_deref())
            .or(service_account.as_ref().map(|_| "google-service-account"))
            .ok_or_else(|| {
                error::config("no provider: name a profile of the config file, or give --provider")
                    .hint("`otok providers` lists the built-in providers")
            })?;
        let provider = provider::lookup(provider_name, &config.providers)?;

        let base_url =
            pick(&args.base_url, &profile.base_url).or_else(|| provider.base_url.clone());
        let endpoint = |flag: &Option<String>, file: &Option<String>, path: &Option<String>| {
            pick(flag, file).or_else(|| provider.endpoint(path.as_deref(), base_url.as_deref()))
        };
        let token_url = pick(&args.token_url, &profile.token_url)
            .or_else(|| service_account.as_ref().and_then(|a| a.token_uri.clone()))
            .or_else(|| endpoint(&None, &None, &provider.token));
        let authorize_url = endpoint(
            &args.authorize_url,
            &profile.authorize_url,
            &provider.authorize,
        );
        let revoke_url = endpoint(&args.revoke_url, &profile.revoke_url, &provider.revoke);
        let introspect_url = endpoint(
            &args.introspect_url,
            &profile.introspect_url,
            &provider.introspect,
        );
        let issuer = pick(&args.issuer, &profile.issuer);
        let token_endpoint = match (token_url, &issuer) {
            (Some(url), _) => Some(TokenEndpoint::Url(url)),
            (None, Some(issuer)) => Some(TokenEndpoint::Discover {
                issuer: issuer.clone(),
            }),
            (None, None) => None,
        };
        let Some(token_endpoint) = token_endpoint else {
            let message = if provider.token.is_some() {
                format!("{} has no default server: give its base URL", provider.name)
            } else {
                format!("{} needs a token endpoint", provider.name)
            };
            let hint = if provider.token.is_some() {
                "use --base-url (for example https://myq.example.com:8090), OTOK_BASE_URL or base_url in the profile"
            } else {
                "use --token-url, or --issuer to discover the endpoints"
            };
            return Err(error::config(message).hint(hint).into());
        };

        let login = profile.login_info.as_ref();
        let login_type = args.login_type.or(login.map(|l| l.login_type));
        let username = pick(&args.username, &profile.username);
        let grant = match args.grant.clone().or_else(|| profile.grant.clone()) {
            Some(grant) => grant,
            None if login_type.is_some() => Grant::LoginInfo,
            None if username.is_some() && provider.check_grant(&Grant::Password).is_ok() => {
                Grant::Password
            }
            None => provider.default_grant.clone(),
        };
        provider.check_grant(&grant)?;
        // A JWT-bearer grant needs no client: its assertion is the credential (RFC 7523 §2.1).
        let client_id = match pick(&args.client_id, &profile.client_id) {
            Some(id) => id,
            None if grant.is(JWT_BEARER) => String::new(),
            None => {
                return Err(error::config(format!("no client id for {}", provider.name))
                    .hint("use --client-id, OTOK_CLIENT_ID or client_id in the profile")
                    .into())
            }
        };
        let auth_method = args.auth_method.or(profile.auth_method);
        if let Some(method) = auth_method {
            provider.check_auth_method(method)?;
        }

        let scopes = if !args.scope.is_empty() {
            Scopes::from_words(&args.scope).0
        } else if let Some(scope) = &profile.scope {
            scope.0.clone()
        } else {
            provider.default_scope.clone()
        };

        let timeout = args
            .timeout
            .or(profile.timeout)
            .unwrap_or(DEFAULT_TIMEOUT_SECS);
        if !(1..=MAX_TIMEOUT_SECS).contains(&timeout) {
            return Err(error::config(format!(
                "a timeout of {timeout} s is out of range: give 1 to {MAX_TIMEOUT_SECS} seconds"
            ))
            .hint("check --timeout, OTOK_TIMEOUT or timeout in the profile")
            .into());
        }

        let assertion_lifetime = args
            .assertion_lifetime
            .or(profile.assertion_lifetime)
            .unwrap_or(DEFAULT_ASSERTION_LIFETIME);
        if !(1..=MAX_ASSERTION_LIFETIME).contains(&assertion_lifetime) {
            return Err(error::config(format!(
                "an assertion lifetime of {assertion_lifetime} s is out of range: give 1 to \
                 {MAX_ASSERTION_LIFETIME} seconds"
            ))
            .hint("check --assertion-lifetime or assertion_lifetime in the profile")
            .into());
        }
        if profile.private_key.is_some() && profile.private_key_file.is_some() {
            return Err(error::config(
                "the profile has both private_key and private_key_file: keep one",
            )
            .into());
        }
        if profile.client_key.is_some() && profile.client_key_file.is_some() {
            return Err(error::config(
                "the profile has both client_key and client_key_file: keep one",
            )
            .into());
        }

        let mut params: Vec<(String, ParamValue)> = Vec::new();
        let flags = args
            .params
            .iter()
            .map(|(k, v)| (k, ParamValue::Text(v.clone())))
            .chain(
                args.param_files
                    .iter()
                    .map(|(k, path)| (k, ParamValue::Secret(SecretSource::File(path.clone())))),
            );
        for (k, v) in profile
            .params
            .iter()
            .map(|(k, v)| (k, v.clone()))
            .chain(flags)
        {
            params.retain(|(key, _)| key != k);
            params.push((k.clone(), ParamValue::named(k, v)));
        }

        let token_source = |file: &Option<PathBuf>,
                            stdin: bool,
                            from: &Option<String>,
                            env: &str,
                            profile: &Option<SecretSource>|
         -> Result<Option<SecretSource>> {
            if let (None, false, Some(from)) = (file, stdin, from) {
                let source = crate::secret::parse_source(from).map_err(error::config)?;
                return Ok(Some(source));
            }
            Ok(secret(file, stdin, env, profile))
        };
        let subject_token = token_source(
            &args.subject_token_file,
            args.subject_token_stdin,
            &args.subject_token_from,
            "OTOK_SUBJECT_TOKEN",
            &profile.subject_token,
        )?;
        let actor_token = token_source(
            &args.actor_token_file,
            false,
            &args.actor_token_from,
            "OTOK_ACTOR_TOKEN",
            &profile.actor_token,
        )?;
        let assertion = token_source(
            &args.assertion_file,
            false,
            &args.assertion_from,
            "OTOK_ASSERTION",
            &profile.assertion,
        )?;
        let client_assertion = token_source(
            &args.client_assertion_file,
            false,
            &args.client_assertion_from,
            "OTOK_CLIENT_ASSERTION",
            &profile.client_assertion,
        )?;
        // A CI platform's identity is a JWT; anything else is taken for an access token.
        let type_of = |given: &Option<String>, source: &Option<SecretSource>| -> Result<String> {
            let name = match (given, source) {
                (Some(name), _) => name.as_str(),
                (None, Some(SecretSource::Token(from))) if from.is_ci_identity() => "jwt",
                (None, _) => "access_token",
            };
            token_type_uri(name).map_err(|e| error::config(e).into())
        };
        let subject_token_type = type_of(
            &pick(&args.subject_token_type, &profile.subject_token_type),
            &subject_token,
        )?;
        let actor_token_type = type_of(
            &pick(&args.actor_token_type, &profile.actor_token_type),
            &actor_token,
        )?;
        let requested_token_type = pick(&args.requested_token_type, &profile.requested_token_type)
            .map(|name| token_type_uri(&name).map_err(error::config))
            .transpose()?;
        let listed = |flag: &[String], file: &Option<Scopes>| {
            if flag.is_empty() {
                file.as_ref().map(|s| s.0.clone()).unwrap_or_default()
            } else {
                flag.to_vec()
            }
        };

        let secret_variables = [
            &profile.client_secret,
            &profile.password,
            &profile.private_key,
            &profile.client_key,
            &profile.subject_token,
            &profile.actor_token,
            &profile.assertion,
            &profile.client_assertion,
        ]
        .into_iter()
        .flatten()
        // The sources in force, which flags may have named (`--subject-token-from env:VAR`).
        .chain(
            [&subject_token, &actor_token, &assertion, &client_assertion]
                .into_iter()
                .flatten(),
        )
        .chain(login.and_then(|l| l.card.as_ref()))
        .chain(login.and_then(|l| l.pin.as_ref()))
        .chain(params.iter().filter_map(|(_, v)| match v {
            ParamValue::Secret(source) => Some(source),
            ParamValue::Text(_) => None,
        }))
        .filter_map(|source| match source {
            SecretSource::Env(name) => Some(name.clone()),
            _ => None,
        })
        .collect();

        Ok(Settings {
            secret_variables,
            profile: profile_name.map(str::to_string),
            client_secret: secret(
                &args.client_secret_file,
                args.client_secret_stdin,
                "OTOK_CLIENT_SECRET",
                &profile.client_secret,
            ),
            password: secret(
                &args.password_file,
                args.password_stdin,
                "OTOK_PASSWORD",
                &profile.password,
            ),
            card: secret(
                &args.card_file,
                args.card_stdin,
                "OTOK_CARD",
                &login.and_then(|l| l.card.clone()),
            ),
            pin: secret(
                &args.pin_file,
                args.pin_stdin,
                "OTOK_PIN",
                &login.and_then(|l| l.pin.clone()),
            ),
            refresh_token: secret(&args.refresh_token_file, false, "OTOK_REFRESH_TOKEN", &None),
            auth_method,
            private_key: file_or_source(
                &args.private_key_file,
                &profile.private_key_file,
                &profile.private_key,
            )
            .or_else(|| service_account.as_ref().map(|a| a.private_key.clone())),
            key_id: pick(&args.key_id, &profile.key_id).or_else(|| {
                service_account
                    .as_ref()
                    .and_then(|a| a.private_key_id.clone())
            }),
            client_assertion,
            subject_token,
            subject_token_type,
            actor_token,
            actor_token_type,
            audiences: listed(&args.audience, &profile.audience),
            resources: listed(&args.resource, &profile.resource),
            requested_token_type,
            assertion,
            assertion_issuer: pick(&args.assertion_issuer, &profile.assertion_issuer)
                .or_else(|| service_account.as_ref().map(|a| a.client_email.clone())),
            assertion_subject: pick(&args.assertion_subject, &profile.assertion_subject),
            signing_alg: args.signing_alg.or(profile.signing_alg),
            assertion_audience: pick(&args.assertion_audience, &profile.assertion_audience)
                .unwrap_or_default(),
            assertion_lifetime,
            client_cert_file: pick(&args.client_cert_file, &profile.client_cert_file),
            client_key: file_or_source(
                &args.client_key_file,
                &profile.client_key_file,
                &profile.client_key,
            ),
            dpop: if args.dpop {
                Dpop::On
            } else {
                profile.dpop.unwrap_or_default()
            },
            timeout: Duration::from_secs(timeout),
            ca_cert: pick(&args.ca_cert, &profile.ca_cert),
            format: format.or(profile.format).unwrap_or(Format::Raw),
            provider,
            base_url,
            token_endpoint,
            authorize_url,
            revoke_url,
            introspect_url,
            api_url: profile.api_url.clone(),
            redirect_uri: profile.redirect_uri.clone(),
            issuer,
            client_id,
            grant,
            scopes,
            username,
            login_type,
            params,
        })
    }
}

impl Settings {
    /// Whether the private key signs the JWT-bearer grant's assertion (no assertion is given
    /// as it is) rather than a client assertion.
    pub fn key_signs_grant(&self) -> bool {
        self.grant.is(JWT_BEARER) && self.assertion.is_none()
    }
}

/// A key file from the flag, else the profile's file or other secret source.
fn file_or_source(
    flag: &Option<PathBuf>,
    file: &Option<PathBuf>,
    source: &Option<SecretSource>,
) -> Option<SecretSource> {
    match pick(flag, file) {
        Some(path) => Some(SecretSource::File(path)),
        None => source.clone(),
    }
}

/// The flag (or its environment variable) if given, else the profile's value.
fn pick<T: Clone>(flag: &Option<T>, file: &Option<T>) -> Option<T> {
    flag.clone().or_else(|| file.clone())
}

/// A secret's source by precedence: a `--…-file` or `--…-stdin` flag, then the environment
/// variable, then the profile.
fn secret(
    file: &Option<PathBuf>,
    stdin: bool,
    env: &str,
    profile: &Option<SecretSource>,
) -> Option<SecretSource> {
    if let Some(path) = file {
        Some(SecretSource::File(path.clone()))
    } else if stdin {
        Some(SecretSource::Stdin)
    } else if !PROFILE_ALONE.get() && std::env::var_os(env).is_some() {
        Some(SecretSource::Env(env.to_string()))
    } else {
        profile.clone()
    }
}

thread_local! {
    /// Set while a profile is resolved for another's token: the command's own `OTOK_*`
    /// secrets are for its own profile, not for the one it takes a token from.
    static PROFILE_ALONE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

impl Settings {
    /// The settings of profile `name` from the config file alone: no flag and no `OTOK_*`
    /// variable of the command that asks (another profile's subject token comes from it).
    pub fn of_profile_alone(config: &FileConfig, name: &str) -> Result<Settings> {
        let was = PROFILE_ALONE.replace(true);
        let settings = Settings::resolve(config, Some(name), &RequestArgs::default(), None);
        PROFILE_ALONE.set(was);
        settings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_and_the_config_never_show_secrets_in_debug() {
        let config = FileConfig::parse(
            "[profiles.a]\nprovider = \"generic\"\ntoken_url = \"https://id.example.com/token\"\n\
             client_id = \"c\"\nclient_secret = \"secret-debug-5e\"\npassword = \"password-debug-5e\"\n\
             username = \"u\"\nparams = { subject_token = \"subject-debug-5e\", audience = \"aud\" }\n",
        )
        .unwrap();
        let settings =
            Settings::resolve(&config, Some("a"), &RequestArgs::default(), None).unwrap();
        let shown = format!("{config:?} {settings:?}");
        assert!(!shown.contains("debug-5e"), "{shown}");
        assert!(shown.contains("aud"), "{shown}");
    }

    #[test]
    fn design_example_parses() {
        let config = FileConfig::parse(
            r#"
[profiles.home]
provider = "myfox"
grant = "password"
client_id = "my-app"
client_secret = { env = "MYFOX_CLIENT_SECRET" }
username = "me@example.com"
password = { command = "pass show myfox-login" }

[profiles.printer]
provider = "myq"
base_url = "https://myq.example.com:8090"
grant = "login_info"
login_info = { type = "pin", pin = { env = "MYQ_PIN" } }
scope = ["jobs", "offline.access"]

[providers.corp]
token_url = "https://id.example.com/oauth2/token"
authorize_url = "https://id.example.com/oauth2/authorize"
revoke_url = "https://id.example.com/oauth2/revoke"
auth_method = "basic"
body = "form"
"#,
        )
        .unwrap();
        let printer = &config.profiles["printer"];
        assert_eq!(
            printer.scope.as_ref().unwrap().0,
            ["jobs", "offline.access"]
        );
        assert_eq!(
            printer.login_info.as_ref().unwrap().pin,
            Some(SecretSource::Env("MYQ_PIN".into()))
        );
        assert_eq!(
            config.profiles["home"].password,
            Some(SecretSource::Command("pass show myfox-login".into()))
        );
    }

    #[test]
    fn errors_name_line_and_key() {
        let err =
            FileConfig::parse("[profiles.a]\nprovider = \"x\"\nclient_ide = \"y\"\n").unwrap_err();
        let text = err.to_string();
        assert!(text.contains("line 3"), "{text}");
        assert!(text.contains("client_ide"), "{text}");
    }

    /// Found while writing the config fuzz target: `timeout = 9223372036854775807` made
    /// `otok token` panic ("overflow when adding duration to instant").
    #[test]
    fn a_timeout_beyond_a_day_or_of_zero_is_a_config_error() {
        let config = FileConfig::parse(
            "[profiles.a]\nprovider = \"generic\"\ntoken_url = \"https://id.example.com/token\"\n\
             client_id = \"c\"\ntimeout = 9223372036854775807\n",
        )
        .unwrap();
        let resolve = |timeout: u64| {
            let args = RequestArgs {
                timeout: Some(timeout),
                ..RequestArgs::default()
            };
            Settings::resolve(&config, Some("a"), &args, None)
        };
        assert_eq!(
            resolve(86_400).unwrap().timeout,
            Duration::from_secs(86_400)
        );
        for timeout in [0, 86_401, u64::MAX] {
            let (code, text) = error::report(&resolve(timeout).unwrap_err());
            assert_eq!(code, 3, "{text}");
            assert!(
                text.contains("out of range: give 1 to 86400 seconds"),
                "{text}"
            );
        }
        let from_file = Settings::resolve(&config, Some("a"), &RequestArgs::default(), None);
        assert!(error::report(&from_file.unwrap_err())
            .1
            .contains("a timeout of 9223372036854775807 s is out of range"));
    }

    #[test]
    fn space_separated_scope_string_is_split() {
        let config = FileConfig::parse("[profiles.a]\nscope = \"read  write\"\n").unwrap();
        assert_eq!(
            config.profiles["a"].scope.as_ref().unwrap().0,
            ["read", "write"]
        );
    }
}
