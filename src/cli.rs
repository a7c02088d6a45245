//! The command line: clap declarations, and the one piece of logic they need (folding the
//! global options typed after a subcommand into those typed before it).
//!
//! Options that name a secret take a file or stdin, never the value: values on argv are
//! visible to every user of the machine through `ps`.
//!
//! Arguments that name a profile or a provider carry their completion candidates
//! (`add = ArgValueCandidates::new(…)`, from `complete`), read only when the shell asks.

use std::ops::Deref;
use std::path::PathBuf;

use clap::parser::ValueSource;
use clap::{ArgMatches, Args, FromArgMatches, Parser, Subcommand};
use clap_complete::engine::{ArgValueCandidates, ArgValueCompleter};

use crate::types::{
    Alg, AssertionAudience, AuthMethod, Backend, Format, Grant, LoginType, TokenKind,
};

#[derive(Debug, Parser)]
#[command(
    name = "otok",
    version,
    about = "Get OAuth 2.0 access tokens for scripts, CI jobs and debugging",
    long_about = "Get OAuth 2.0 access tokens for scripts, CI jobs and debugging.\n\n\
        Profiles live in the config file (see `otok token --help` for the options); without a \
        profile, everything can come from options and OTOK_* environment variables.",
    after_help = "Exit codes: 0 ok, 2 usage, 3 configuration, 4 refused by the server, \
        5 network or server unavailable, 6 interactive authorization needed, 7 credential store, \
        8 invalid server answer; `request`: 22 a 4xx answer, 23 a 5xx or other non-2xx answer."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

// The options every subcommand takes, before it (`otok -v token`) or after it (`otok token
// -v`). Each subcommand declares them when it is built (see `Lazy`), rather than clap copying
// them into all twenty as `global` arguments up front, which cost a tenth of a cached `otok
// token`; `Cli::from_matches` then folds the subcommand's into these. (A doc comment here
// would become every subcommand's description.)
#[derive(Debug, Default, Args)]
pub struct GlobalArgs {
    /// Trace HTTP requests and responses on stderr, secrets redacted
    #[arg(short, long)]
    pub verbose: bool,

    /// Config file [default: <config dir>/otok/config.toml]
    #[arg(long, env = "OTOK_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
}

impl Cli {
    /// The command line from clap's matches, with `-v` given anywhere and the `--config` given
    /// last on the line (else OTOK_CONFIG). The values are moved out of the matches.
    pub fn from_matches(matches: &mut ArgMatches) -> Result<Cli, clap::Error> {
        let mut later = GlobalArgs::default();
        given_after(matches, &mut later);
        let mut cli = Cli::from_arg_matches_mut(matches)?;
        cli.global.verbose |= later.verbose;
        if later.config.is_some() {
            cli.global.config = later.config;
        }
        Ok(cli)
    }
}

/// The global options typed after each subcommand (a subcommand's `--config` from OTOK_CONFIG
/// does not count: the root has it too, and a `--config` typed before the subcommand wins
/// over the environment).
fn given_after(matches: &ArgMatches, into: &mut GlobalArgs) {
    let Some((_, sub)) = matches.subcommand() else {
        return;
    };
    let typed = |id| sub.value_source(id) == Some(ValueSource::CommandLine);
    if typed("verbose") {
        into.verbose = true;
    }
    if typed("config") {
        into.config = sub.get_one::<PathBuf>("config").cloned();
    }
    given_after(sub, into);
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print a valid access token: from the store while it lasts, else refreshed, else new
    Token(Lazy<TokenArgs>),
    /// Get a new token now (with the refresh token if there is one), store it, print it
    Refresh(Lazy<RefreshArgs>),
    /// Show what the store holds (never a token)
    Status(Lazy<StatusArgs>),
    /// Authorize in a browser (code flow with PKCE) or on another device, and store the tokens
    Authorize(Lazy<AuthorizeArgs>),
    /// Revoke the stored tokens at the provider, then delete them here
    Revoke(Lazy<RevokeArgs>),
    /// Delete stored tokens without contacting the provider
    Forget(Lazy<ForgetArgs>),
    /// Run a command with the access token in its environment (never in its arguments)
    Exec(Lazy<ExecArgs>),
    /// Send an HTTP request with the access token (never in argv); a 401 invalid_token gets a
    /// new token and one retry
    Request(Lazy<ResourceArgs>),
    /// Print a DPoP proof (RFC 9449) for a request another tool makes with the stored DPoP token
    DpopProof(Lazy<DpopProofArgs>),
    /// Decode a token's JWT header and claims, with its times (the signature is not verified)
    Inspect(Lazy<InspectArgs>),
    /// Ask the provider's RFC 7662 introspection endpoint whether a token is active
    Introspect(Lazy<IntrospectArgs>),
    /// List the built-in providers and those of the config file
    Providers(Lazy<ProvidersArgs>),
    /// Print the kubeconfig `users` entry that makes kubectl get its tokens from otok
    Kubeconfig(Lazy<KubeconfigArgs>),
    /// git's credential helper: `get`, `store` and `erase` on stdin and stdout
    GitCredential(Lazy<GitCredentialArgs>),
    /// Add, list, show or remove the profiles of the config file
    Profile(Lazy<ProfileArgs>),
    /// Check the set-up: config file, store, provider, clock; each line ok, warn or fail
    Doctor(Lazy<DoctorArgs>),
    /// Print a shell completion script
    Completions(Lazy<CompletionsArgs>),
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// A subcommand's arguments, declared to clap only when that subcommand is the one parsed
/// (declaring every subcommand's options up front cost a third of a cached `otok token`),
/// with the global options after them. Every subcommand's arguments are wrapped in it.
#[derive(Debug)]
pub struct Lazy<T>(Box<T>);

impl<T> Lazy<T> {
    pub(crate) fn new(args: T) -> Lazy<T> {
        Lazy(Box::new(args))
    }
}

impl<T> Deref for Lazy<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: Args> Args for Lazy<T> {
    fn group_id() -> Option<clap::Id> {
        T::group_id()
    }
    fn augment_args(cmd: clap::Command) -> clap::Command {
        cmd.defer(|cmd| GlobalArgs::augment_args(T::augment_args(cmd)))
    }
    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        cmd.defer(|cmd| GlobalArgs::augment_args(T::augment_args_for_update(cmd)))
    }
}

impl<T: FromArgMatches> FromArgMatches for Lazy<T> {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(matches).map(|args| Lazy(Box::new(args)))
    }
    /// Takes the values out rather than copying every match first, as the borrowing form does.
    fn from_arg_matches_mut(matches: &mut ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches_mut(matches).map(|args| Lazy(Box::new(args)))
    }
    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(matches)
    }
}

#[derive(Debug, Default, Args)]
pub struct TokenArgs {
    /// A profile of the config file
    #[arg(add = ArgValueCandidates::new(crate::complete::profiles))]
    pub profile: Option<String>,

    #[command(flatten)]
    pub request: RequestArgs,

    #[command(flatten)]
    pub store: StoreArgs,

    #[command(flatten)]
    pub reuse: ReuseArgs,

    /// Ignore the stored access token (a stored refresh token is still used)
    #[arg(long, help_heading = "Store")]
    pub force: bool,

    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct RefreshArgs {
    /// A profile of the config file
    #[arg(add = ArgValueCandidates::new(crate::complete::profiles))]
    pub profile: Option<String>,

    #[command(flatten)]
    pub request: RequestArgs,

    #[command(flatten)]
    pub store: StoreArgs,

    #[command(flatten)]
    pub output: OutputArgs,
}

// When a stored token is good enough to hand out.
#[derive(Debug, Args)]
pub struct ReuseArgs {
    /// Reuse a stored token only with this many seconds left (capped at half its lifetime)
    #[arg(
        long,
        env = "OTOK_MIN_TTL",
        default_value_t = ReuseArgs::DEFAULT.min_ttl,
        value_name = "SECS",
        help_heading = "Store"
    )]
    pub min_ttl: u64,
}

#[derive(Debug, Args)]
pub struct OutputArgs {
    /// What to print: the token alone, JSON, an HTTP header, a shell export, or GitHub Actions
    #[arg(long, env = "OTOK_FORMAT", value_enum)]
    pub format: Option<Format>,

    /// Variable name for --format env and github
    #[arg(long, default_value = DEFAULT_ENV_VAR, value_name = "NAME")]
    pub env_var: String,
}

const DEFAULT_ENV_VAR: &str = "ACCESS_TOKEN";

#[derive(Debug, Args)]
pub struct StoreArgs {
    /// Where tokens are kept between runs
    #[arg(
        long,
        env = "OTOK_STORE",
        value_enum,
        default_value_t = StoreArgs::DEFAULT.store,
        help_heading = "Store"
    )]
    pub store: Backend,
}

// The defaults declared to clap, for `TokenArgs::default()` too (which `quick_parse` starts
// from).
impl ReuseArgs {
    const DEFAULT: ReuseArgs = ReuseArgs { min_ttl: 60 };
}

impl StoreArgs {
    const DEFAULT: StoreArgs = StoreArgs {
        store: Backend::Auto,
    };
}

impl Default for ReuseArgs {
    fn default() -> Self {
        ReuseArgs::DEFAULT
    }
}

impl Default for StoreArgs {
    fn default() -> Self {
        StoreArgs::DEFAULT
    }
}

impl Default for OutputArgs {
    fn default() -> Self {
        OutputArgs {
            format: None,
            env_var: DEFAULT_ENV_VAR.to_string(),
        }
    }
}

#[derive(Debug, Args)]
pub struct ProfileArgs {
    #[command(subcommand)]
    pub action: ProfileAction,
}

#[derive(Debug, Subcommand)]
pub enum ProfileAction {
    /// Add a profile: each answer asked on a terminal, or given by its flag
    Add(Lazy<ProfileAddArgs>),
    /// List the profiles of the config file
    List(Lazy<ProfileListArgs>),
    /// Show a profile, and where its secrets come from (never a secret)
    Show(Lazy<ProfileNameArgs>),
    /// Remove a profile from the config file (its stored tokens stay: `otok forget`)
    Remove(Lazy<ProfileNameArgs>),
}

#[derive(Debug, Args)]
pub struct ProfileListArgs {}

#[derive(Debug, Args)]
pub struct ProfileNameArgs {
    /// The profile
    #[arg(add = ArgValueCandidates::new(crate::complete::profiles))]
    pub name: String,
}

#[derive(Debug, Args)]
pub struct ProfileAddArgs {
    /// The new profile's name
    pub name: String,

    /// Where the client secret comes from: env:VAR, file:PATH, command:CMD, or keyring (typed
    /// once, or read from stdin, and kept in the keychain)
    #[arg(long, value_name = "SOURCE")]
    pub secret_from: Option<String>,

    /// Do not make a token request to prove the profile works
    #[arg(long)]
    pub no_check: bool,

    /// Replace a profile of the same name
    #[arg(long)]
    pub replace: bool,

    #[command(flatten)]
    pub request: RequestArgs,

    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// The profile to check (else the config file and the store alone)
    #[arg(add = ArgValueCandidates::new(crate::complete::profiles))]
    pub profile: Option<String>,

    #[command(flatten)]
    pub request: RequestArgs,

    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Only this profile's entry (or give --provider and friends); all entries without
    #[arg(add = ArgValueCandidates::new(crate::complete::profiles))]
    pub profile: Option<String>,

    #[command(flatten)]
    pub request: RequestArgs,

    #[command(flatten)]
    pub store: StoreArgs,

    /// Print JSON instead of a table
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct ForgetArgs {
    /// The profile whose tokens to delete (or give --provider and friends)
    #[arg(add = ArgValueCandidates::new(crate::complete::profiles))]
    pub profile: Option<String>,

    /// Delete every stored token
    #[arg(long, conflicts_with = "profile")]
    pub all: bool,

    #[command(flatten)]
    pub request: RequestArgs,

    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Debug, Args)]
pub struct AuthorizeArgs {
    /// A profile of the config file
    #[arg(add = ArgValueCandidates::new(crate::complete::profiles))]
    pub profile: Option<String>,

    /// Device authorization grant (RFC 8628): print a code to enter on another device
    #[arg(long, help_heading = "Flow")]
    pub device: bool,

    /// Device authorization endpoint (overrides discovery)
    #[arg(long, value_name = "URL", requires = "device", help_heading = "Flow")]
    pub device_url: Option<String>,

    /// Port of the loopback redirect listener on 127.0.0.1 [default: any free port]
    #[arg(long, conflicts_with_all = ["redirect_uri", "device"], help_heading = "Flow")]
    pub port: Option<u16>,

    /// The redirect URI registered with the provider: on 127.0.0.1 or localhost otok listens
    /// there; any other is pasted back from the browser
    #[arg(
        long,
        value_name = "URI",
        conflicts_with = "device",
        help_heading = "Flow"
    )]
    pub redirect_uri: Option<String>,

    /// Do not open a browser: print the URL, and read the redirect URL pasted on stdin
    #[arg(long, help_heading = "Flow")]
    pub no_browser: bool,

    #[command(flatten)]
    pub request: RequestArgs,

    #[command(flatten)]
    pub store: StoreArgs,

    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct RevokeArgs {
    /// The profile whose tokens to revoke (or give --provider and friends)
    #[arg(add = ArgValueCandidates::new(crate::complete::profiles))]
    pub profile: Option<String>,

    /// Which stored token to revoke; all revokes the refresh token first
    #[arg(
        long = "token",
        value_enum,
        default_value = "all",
        value_name = "WHICH"
    )]
    pub which: Which,

    /// Fail (exit 3) when nothing is stored, or when the provider cannot be told
    #[arg(long)]
    pub strict: bool,

    #[command(flatten)]
    pub request: RequestArgs,

    #[command(flatten)]
    pub store: StoreArgs,
}

/// The stored tokens a command acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Which {
    /// The access token
    Access,
    /// The refresh token
    Refresh,
    /// Both, the refresh token first
    All,
}

#[derive(Debug, Args)]
pub struct ExecArgs {
    /// A profile of the config file
    #[arg(add = ArgValueCandidates::new(crate::complete::profiles))]
    pub profile: Option<String>,

    /// The environment variable that carries the token to the command
    #[arg(long, default_value = "ACCESS_TOKEN", value_name = "NAME")]
    pub env_var: String,

    #[command(flatten)]
    pub request: RequestArgs,

    #[command(flatten)]
    pub store: StoreArgs,

    #[command(flatten)]
    pub reuse: ReuseArgs,

    /// Pass otok's own secret variables (OTOK_CLIENT_SECRET, OTOK_PASSWORD, OTOK_PIN,
    /// OTOK_CARD, OTOK_REFRESH_TOKEN and those the profile's secrets name) on to the command;
    /// by default they are removed from its environment
    #[arg(long)]
    pub keep_env: bool,

    /// The command and its arguments, after `--`
    #[arg(last = true, required = true, value_name = "CMD")]
    pub command: Vec<std::ffi::OsString>,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Exit codes: 0 for a 2xx answer, 22 for a 4xx, 23 for a 5xx or any other \
    status (with --no-fail: 0 whatever the status); the body is printed in every case. \
    otok's own failures keep their codes: 3 configuration, 4 refused, 5 unavailable, \
    6 interactive authorization needed, 7 credential store, 8 invalid answer."
)]
pub struct ResourceArgs {
    /// A profile of the config file; with one argument, it is the URL
    #[arg(value_name = "PROFILE|URL", add = ArgValueCandidates::new(crate::complete::profiles))]
    pub first: String,

    /// The URL; one that starts with `/` is taken under --api-url (or the profile's api_url),
    /// else under the provider's base URL
    #[arg(value_name = "URL")]
    pub second: Option<String>,

    /// Request method [default: GET, or POST with a body]
    #[arg(short = 'X', long, value_name = "METHOD", help_heading = "HTTP")]
    pub method: Option<String>,

    /// Request header (repeatable)
    #[arg(
        short = 'H',
        long = "header",
        value_name = "NAME: VALUE",
        help_heading = "HTTP"
    )]
    pub headers: Vec<String>,

    /// Request body [content type: application/x-www-form-urlencoded]
    #[arg(
        short = 'd',
        long,
        value_name = "DATA",
        group = "body",
        help_heading = "HTTP"
    )]
    pub data: Option<String>,

    /// Request body read from a file, `-` for stdin [content type: application/octet-stream]
    #[arg(long, value_name = "FILE", group = "body", help_heading = "HTTP")]
    pub data_file: Option<PathBuf>,

    /// JSON request body; sets Content-Type and Accept to application/json
    #[arg(long, value_name = "JSON", group = "body", help_heading = "HTTP")]
    pub json: Option<String>,

    /// Base URL of the API, for URLs that start with `/` [default: the provider's base URL]
    #[arg(long, value_name = "URL", help_heading = "HTTP")]
    pub api_url: Option<String>,

    /// Print the status line and the headers before the body
    #[arg(short = 'i', long, help_heading = "HTTP")]
    pub include: bool,

    /// Exit 0 whatever the status of the answer
    #[arg(long, help_heading = "HTTP")]
    pub no_fail: bool,

    #[command(flatten)]
    pub request: RequestArgs,

    #[command(flatten)]
    pub store: StoreArgs,

    #[command(flatten)]
    pub reuse: ReuseArgs,
}

#[derive(Debug, Args)]
pub struct DpopProofArgs {
    /// The profile whose DPoP key signs (its token is got first, as `otok token` would)
    #[arg(add = ArgValueCandidates::new(crate::complete::profiles))]
    pub profile: Option<String>,

    /// The method of the request the proof goes with
    #[arg(long, short = 'X', value_name = "METHOD")]
    pub method: String,

    /// The URL of the request the proof goes with
    #[arg(long, value_name = "URL")]
    pub url: String,

    /// The resource server's latest `DPoP-Nonce`
    #[arg(long, value_name = "NONCE")]
    pub nonce: Option<String>,

    #[command(flatten)]
    pub request: RequestArgs,

    #[command(flatten)]
    pub store: StoreArgs,

    #[command(flatten)]
    pub reuse: ReuseArgs,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The profile whose stored token to decode (one is fetched when none is stored)
    #[arg(add = ArgValueCandidates::new(crate::complete::profiles))]
    pub profile: Option<String>,

    /// Read the token from stdin instead of the store
    #[arg(long, conflicts_with = "profile")]
    pub stdin: bool,

    /// Decode the stored ID token instead of the access token
    #[arg(long)]
    pub id_token: bool,

    /// Print JSON instead of text
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,

    #[command(flatten)]
    pub request: RequestArgs,

    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Debug, Args)]
pub struct IntrospectArgs {
    /// The profile whose stored token to ask about
    #[arg(add = ArgValueCandidates::new(crate::complete::profiles))]
    pub profile: Option<String>,

    /// Read the token from stdin instead of the store
    #[arg(long)]
    pub stdin: bool,

    /// Which stored token to ask about (with --stdin: the hint sent to the server)
    #[arg(
        long = "token",
        value_enum,
        default_value = "access",
        value_name = "WHICH"
    )]
    pub which: TokenKind,

    /// Print the server's JSON instead of a table
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,

    #[command(flatten)]
    pub request: RequestArgs,

    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Debug, Args)]
pub struct GitCredentialArgs {
    /// The profile whose token git gets (else the config's `[hosts."HOST"]` says)
    #[arg(
        required_unless_present = "setup",
        add = ArgValueCandidates::new(crate::complete::git_credential)
    )]
    pub profile_or_operation: Vec<String>,

    /// Print the `git config` lines that make git ask otok for HOST, with PROFILE
    #[arg(
        long,
        value_names = ["HOST", "PROFILE"],
        num_args = 2,
        add = ArgValueCompleter::new(crate::complete::GitSetup)
    )]
    pub setup: Option<Vec<String>>,

    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Debug, Args)]
pub struct KubeconfigArgs {
    /// The profile whose tokens kubectl uses
    #[arg(add = ArgValueCandidates::new(crate::complete::profiles))]
    pub profile: String,

    /// The name of the kubeconfig user [default: otok-PROFILE]
    #[arg(long, value_name = "NAME")]
    pub user: Option<String>,

    /// How kubectl runs otok [default: otok, found on PATH]
    #[arg(long, value_name = "PATH")]
    pub command: Option<std::path::PathBuf>,
}

#[derive(Debug, Args)]
pub struct ProvidersArgs {
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
}

// Everything that says where and how to ask for a token.
#[derive(Debug, Default, Args)]
pub struct RequestArgs {
    /// Built-in provider, or one defined in the config file (see `otok providers`)
    #[arg(
        long,
        env = "OTOK_PROVIDER",
        value_name = "NAME",
        help_heading = "Provider",
        add = ArgValueCandidates::new(crate::complete::providers)
    )]
    pub provider: Option<String>,

    /// Base URL of the provider; every endpoint of a built-in derives from it
    #[arg(
        long,
        env = "OTOK_BASE_URL",
        value_name = "URL",
        help_heading = "Provider"
    )]
    pub base_url: Option<String>,

    /// Token endpoint (overrides the provider's)
    #[arg(long, value_name = "URL", help_heading = "Provider")]
    pub token_url: Option<String>,

    /// Authorization endpoint (overrides the provider's)
    #[arg(long, value_name = "URL", help_heading = "Provider")]
    pub authorize_url: Option<String>,

    /// Revocation endpoint (overrides the provider's)
    #[arg(long, value_name = "URL", help_heading = "Provider")]
    pub revoke_url: Option<String>,

    /// Token introspection endpoint, RFC 7662 (overrides the provider's and discovery's)
    #[arg(long, value_name = "URL", help_heading = "Provider")]
    pub introspect_url: Option<String>,

    /// Issuer whose endpoints come from RFC 8414 / OpenID discovery (generic provider)
    #[arg(
        long,
        env = "OTOK_ISSUER",
        value_name = "URL",
        help_heading = "Provider"
    )]
    pub issuer: Option<String>,

    /// Client authentication, overriding the provider's
    #[arg(long, value_enum, help_heading = "Provider")]
    pub auth_method: Option<AuthMethod>,

    /// Extra trusted root certificate (PEM), for servers with their own CA
    #[arg(
        long,
        env = "OTOK_CA_CERT",
        value_name = "FILE",
        help_heading = "Provider"
    )]
    pub ca_cert: Option<PathBuf>,

    /// Seconds allowed for each HTTP request [default: 30]; for `authorize`, also the wait
    /// for the person [default: 300]
    #[arg(
        long,
        env = "OTOK_TIMEOUT",
        value_name = "SECS",
        help_heading = "Provider"
    )]
    pub timeout: Option<u64>,

    /// OAuth client id
    #[arg(
        long,
        env = "OTOK_CLIENT_ID",
        value_name = "ID",
        help_heading = "Client"
    )]
    pub client_id: Option<String>,

    /// Read the client secret from a file (or set OTOK_CLIENT_SECRET)
    #[arg(long, value_name = "FILE", help_heading = "Client")]
    pub client_secret_file: Option<PathBuf>,

    /// Read the client secret from stdin
    #[arg(long, help_heading = "Client")]
    pub client_secret_stdin: bool,

    /// Private key that signs client assertions (private_key_jwt): PEM (PKCS#8, PKCS#1, SEC1)
    /// or a JWK / JWKS file
    #[arg(long, value_name = "FILE", help_heading = "Client")]
    pub private_key_file: Option<PathBuf>,

    /// Key id of the private key: the assertion's `kid`, and the key chosen from a JWKS (High
    /// Mobility: the assertion's issuer)
    #[arg(long, value_name = "ID", help_heading = "Client")]
    pub key_id: Option<String>,

    /// Algorithm of client assertions [default: from the key; HS256 for client_secret_jwt]
    #[arg(long, value_name = "ALG", help_heading = "Client")]
    pub signing_alg: Option<Alg>,

    /// `aud` of client assertions: endpoint (the URL called), issuer, token-endpoint, or a URL
    /// [default: endpoint]
    #[arg(long, value_name = "AUD", help_heading = "Client")]
    pub assertion_audience: Option<AssertionAudience>,

    /// Seconds a client assertion is valid [default: 60]
    #[arg(long, value_name = "SECS", help_heading = "Client")]
    pub assertion_lifetime: Option<u64>,

    /// Client certificate (PEM chain) for mutual TLS, RFC 8705, and for `x5t#S256` in assertions
    #[arg(long, value_name = "FILE", help_heading = "Client")]
    pub client_cert_file: Option<PathBuf>,

    /// Private key (PEM) of --client-cert-file
    #[arg(long, value_name = "FILE", help_heading = "Client")]
    pub client_key_file: Option<PathBuf>,

    /// Bind tokens to a key of otok's with DPoP proofs (RFC 9449)
    #[arg(long, help_heading = "Client")]
    pub dpop: bool,

    /// Grant: client_credentials, password, login_info, refresh_token, or an extension URI
    #[arg(long, env = "OTOK_GRANT", value_name = "GRANT", help_heading = "Grant")]
    pub grant: Option<Grant>,

    /// Scope to request (repeatable, or space-separated)
    #[arg(long, env = "OTOK_SCOPE", value_name = "SCOPE", help_heading = "Grant")]
    pub scope: Vec<String>,

    /// Resource owner's user name (password grant; MyQ user logins)
    #[arg(
        long,
        env = "OTOK_USERNAME",
        value_name = "USER",
        help_heading = "Grant"
    )]
    pub username: Option<String>,

    /// Read the password from a file (or set OTOK_PASSWORD)
    #[arg(long, value_name = "FILE", help_heading = "Grant")]
    pub password_file: Option<PathBuf>,

    /// Read the password from stdin
    #[arg(long, help_heading = "Grant")]
    pub password_stdin: bool,

    /// MyQ login_info type
    #[arg(long, value_enum, help_heading = "Grant")]
    pub login_type: Option<LoginType>,

    /// Read the MyQ card number from a file (or set OTOK_CARD)
    #[arg(long, value_name = "FILE", help_heading = "Grant")]
    pub card_file: Option<PathBuf>,

    /// Read the MyQ card number from stdin
    #[arg(long, help_heading = "Grant")]
    pub card_stdin: bool,

    /// Read the MyQ PIN from a file (or set OTOK_PIN)
    #[arg(long, value_name = "FILE", help_heading = "Grant")]
    pub pin_file: Option<PathBuf>,

    /// Read the MyQ PIN from stdin
    #[arg(long, help_heading = "Grant")]
    pub pin_stdin: bool,

    /// Read a refresh token from a file, for --grant refresh_token (or set OTOK_REFRESH_TOKEN)
    #[arg(long, value_name = "FILE", help_heading = "Grant")]
    pub refresh_token_file: Option<PathBuf>,

    /// Read the subject token of a token exchange from a file (or set OTOK_SUBJECT_TOKEN)
    #[arg(long, value_name = "FILE", help_heading = "Token exchange")]
    pub subject_token_file: Option<PathBuf>,

    /// Read the subject token from stdin
    #[arg(long, help_heading = "Token exchange")]
    pub subject_token_stdin: bool,

    /// Where the subject token comes from: profile:NAME, github-actions[:AUDIENCE],
    /// gitlab:VARIABLE, kubernetes[:PATH], file:PATH, env:VAR, command:CMD
    #[arg(long, value_name = "SOURCE", help_heading = "Token exchange")]
    pub subject_token_from: Option<String>,

    /// Type of the subject token: access_token, id_token, jwt, refresh_token, saml1, saml2 or a
    /// URI [default: jwt for a CI identity, else access_token]
    #[arg(long, value_name = "TYPE", help_heading = "Token exchange")]
    pub subject_token_type: Option<String>,

    /// Read the actor token from a file (or set OTOK_ACTOR_TOKEN)
    #[arg(long, value_name = "FILE", help_heading = "Token exchange")]
    pub actor_token_file: Option<PathBuf>,

    /// Where the actor token comes from (the sources of --subject-token-from)
    #[arg(long, value_name = "SOURCE", help_heading = "Token exchange")]
    pub actor_token_from: Option<String>,

    /// Type of the actor token [default: as for the subject token]
    #[arg(long, value_name = "TYPE", help_heading = "Token exchange")]
    pub actor_token_type: Option<String>,

    /// The service the new token is for (repeatable)
    #[arg(long, value_name = "AUDIENCE", help_heading = "Token exchange")]
    pub audience: Vec<String>,

    /// The resource the new token is for, an absolute URI (repeatable; RFC 8707)
    #[arg(long, value_name = "URI", help_heading = "Token exchange")]
    pub resource: Vec<String>,

    /// The type of token asked for (a token type as for --subject-token-type)
    #[arg(long, value_name = "TYPE", help_heading = "Token exchange")]
    pub requested_token_type: Option<String>,

    /// Read the JWT-bearer grant's assertion from a file, as it is (or set OTOK_ASSERTION)
    #[arg(long, value_name = "FILE", help_heading = "JWT bearer")]
    pub assertion_file: Option<PathBuf>,

    /// Where the JWT-bearer grant's assertion comes from (the sources of --subject-token-from)
    #[arg(long, value_name = "SOURCE", help_heading = "JWT bearer")]
    pub assertion_from: Option<String>,

    /// `iss` of the assertion otok signs for the JWT-bearer grant [default: the client id]
    #[arg(long, value_name = "ISS", help_heading = "JWT bearer")]
    pub assertion_issuer: Option<String>,

    /// `sub` of the assertion otok signs for the JWT-bearer grant [default: its issuer]
    #[arg(long, value_name = "SUB", help_heading = "JWT bearer")]
    pub assertion_subject: Option<String>,

    /// A service account key file (Google's JSON form): the JWT-bearer grant with its key
    #[arg(long, value_name = "FILE", help_heading = "JWT bearer")]
    pub service_account_file: Option<PathBuf>,

    /// Read a client assertion made by someone else, for --auth-method client_assertion_jwt
    /// (or set OTOK_CLIENT_ASSERTION)
    #[arg(long, value_name = "FILE", help_heading = "Client")]
    pub client_assertion_file: Option<PathBuf>,

    /// Where that client assertion comes from (the sources of --subject-token-from), as
    /// workload identity federation takes a CI job's identity
    #[arg(long, value_name = "SOURCE", help_heading = "Client")]
    pub client_assertion_from: Option<String>,

    /// Extra token-request parameter (repeatable); secrets go with --param-file
    #[arg(long = "param", value_name = "K=V", value_parser = parse_param, help_heading = "Grant")]
    pub params: Vec<(String, String)>,

    /// Extra token-request parameter read from a file, for secrets such as subject_token
    /// (repeatable)
    #[arg(long = "param-file", value_name = "K=PATH", value_parser = parse_param_file, help_heading = "Grant")]
    pub param_files: Vec<(String, PathBuf)>,
}

pub(crate) fn parse_param(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, _)) if crate::types::is_secret_key(k) => {
            let own = match k.to_ascii_lowercase().as_str() {
                "subject_token" => {
                    "--subject-token-file, --subject-token-stdin, \
                                    --subject-token-from SOURCE, OTOK_SUBJECT_TOKEN or "
                }
                "actor_token" => {
                    "--actor-token-file, --actor-token-from SOURCE, \
                                  OTOK_ACTOR_TOKEN or "
                }
                "assertion" => "--assertion-file, --assertion-from SOURCE, OTOK_ASSERTION or ",
                _ => "",
            };
            Err(format!(
                "`{k}` is a secret, and the command line is visible to every user of this \
                 machine; use {own}--param-file {k}=PATH, or `{k} = {{ env = \"NAME\" }}` in \
                 the profile"
            ))
        }
        Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
        _ => Err(format!("expected KEY=VALUE, got `{s}`")),
    }
}

pub(crate) fn parse_param_file(s: &str) -> Result<(String, PathBuf), String> {
    match s.split_once('=') {
        Some((k, path)) if !k.is_empty() && !path.is_empty() => {
            Ok((k.to_string(), PathBuf::from(path)))
        }
        _ => Err(format!("expected KEY=PATH, got `{s}`")),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn declarations_are_consistent() {
        super::Cli::command().debug_assert();
    }

    /// `Cli::from_matches` asks every subcommand on the line for `-v` and `--config`, which
    /// clap answers with a panic for an argument the subcommand lacks: each has them, nested
    /// ones included (clap's own `help` apart, which ends the run before).
    #[test]
    fn every_subcommand_takes_the_global_options() {
        fn check(cmd: &clap::Command, path: &str, seen: &mut usize) {
            for sub in cmd.get_subcommands().filter(|sub| sub.get_name() != "help") {
                let path = format!("{path} {}", sub.get_name());
                for id in ["verbose", "config"] {
                    assert!(
                        sub.get_arguments().any(|arg| arg.get_id() == id),
                        "`{path}` lacks --{id}"
                    );
                }
                *seen += 1;
                check(sub, &path, seen);
            }
        }
        let mut cmd = super::Cli::command();
        cmd.build();
        let mut seen = 0;
        check(&cmd, "otok", &mut seen);
        assert!(seen > 20, "only {seen} subcommands walked");
    }
}
