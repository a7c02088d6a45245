//! `otok doctor [PROFILE]`: what is wrong with the set-up, each check a line.
//!
//! The checks are those a failing `otok token` would make one at a time: the config file and
//! who may change it, the store (the keychain answering within its timeout, the kernel's key
//! cache in front of it, the data directory and its files), and, for a profile or a provider,
//! the settings, the issuer's metadata, the token endpoint over TLS with the configured CA, the
//! proxy in use, and the local clock against the provider's. A failure is reported, never the
//! end: every check runs, so one run shows every problem. No secret is read and no credential
//! is sent: the network checks are a GET of the metadata and a GET of the token endpoint.
//!
//! Each line is `ok`, `warn` or `fail`, what was checked and what was found; a warning or a
//! failure is followed by what to do. The run fails when a check fails (warnings do not), with
//! the exit code of the first failure's kind, the code `otok token` would end with for it.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::Result;

use crate::cli::{Cli, DoctorArgs};
use crate::config::{self, FileConfig, Settings, TokenEndpoint};
use crate::error::{self, Error, Kind};
use crate::http::{self, Client, Method, Policy, Request, Response};
use crate::oauth::discovery;
use crate::output::write_stdout;
use crate::store;
use crate::types::Backend;

/// A clock further off than this from the provider's is worth a warning: servers commonly
/// allow 30 to 60 seconds of skew on the assertions and proofs otok signs.
const MAX_SKEW_SECS: i64 = 30;

pub fn run(cli: &Cli, args: &DoctorArgs) -> Result<()> {
    let mut report = Report::default();
    let config = check_config(cli, &mut report)?;
    check_store(args.store.store, &mut report)?;
    let names_provider =
        args.profile.is_some() || args.request.provider.is_some() || args.request.issuer.is_some();
    if names_provider {
        check_provider(cli, args, config.as_ref(), &mut report)?;
    }
    report.finish()
}

/// The lines printed so far, and the checks that failed.
#[derive(Default)]
struct Report {
    checks: usize,
    failed: Vec<(&'static str, Kind)>,
}

impl Report {
    fn ok(&mut self, what: &str, detail: &str) -> Result<()> {
        self.line("ok", what, detail, None)
    }

    fn warn(&mut self, what: &str, detail: &str, fix: &str) -> Result<()> {
        self.line("warn", what, detail, Some(fix))
    }

    fn fail(
        &mut self,
        what: &'static str,
        detail: &str,
        fix: Option<&str>,
        kind: Kind,
    ) -> Result<()> {
        self.failed.push((what, kind));
        self.line("fail", what, detail, fix)
    }

    /// A failure described by an error of otok's: its message and causes, its hint, its kind.
    fn fail_with(&mut self, what: &'static str, err: &anyhow::Error) -> Result<()> {
        self.fail(
            what,
            &format!("{err:#}"),
            error::hint_of(err),
            error::kind_of(err),
        )
    }

    /// Prints one check at once (a slow one shows what was found before it). What follows the
    /// first line is indented under the text; paths, server text and messages are sanitized.
    fn line(&mut self, verdict: &str, what: &str, detail: &str, fix: Option<&str>) -> Result<()> {
        self.checks += 1;
        let indent = " ".repeat(6);
        let mut text = format!("{verdict:<4}  {what}: {}\n", detail.trim_end());
        if let Some(fix) = fix {
            text.push_str(&format!("→ {fix}\n"));
        }
        let text = crate::terminal::lines(text.trim_end(), crate::terminal::LINE);
        let mut out = String::new();
        for (i, line) in text.lines().enumerate() {
            if i > 0 {
                out.push_str(&indent);
            }
            out.push_str(line);
            out.push('\n');
        }
        write_stdout(&out)
    }

    fn finish(self) -> Result<()> {
        let Some(&(_, kind)) = self.failed.first() else {
            return Ok(());
        };
        let names: Vec<&str> = self.failed.iter().map(|(what, _)| *what).collect();
        let noun = if self.checks == 1 { "check" } else { "checks" };
        Err(Error::new(
            kind,
            format!(
                "{} of {} {noun} failed: {}",
                names.len(),
                self.checks,
                names.join(", ")
            ),
        )
        .hint("each failed line above says what to do")
        .into())
    }
}

/// `n thing` or `n things`.
fn count(n: usize, thing: &str) -> String {
    if n == 1 {
        format!("1 {thing}")
    } else {
        format!("{n} {thing}s")
    }
}

/// The config file: found, parsed, and trusted as `FileConfig::load` would trust it. The
/// parsed file, if there is one to go on with (an absent default file is an empty one).
fn check_config(cli: &Cli, report: &mut Report) -> Result<Option<FileConfig>> {
    const WHAT: &str = "config file";
    let (path, explicit) = match &cli.global.config {
        Some(path) => (path.clone(), true),
        None => match config::default_path() {
            Some(path) => (path, false),
            None => {
                report.ok(
                    WHAT,
                    "none (this system has no config directory); options and OTOK_* variables \
                     do without one",
                )?;
                return Ok(Some(FileConfig::default()));
            }
        },
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {
            report.ok(
                WHAT,
                &format!(
                    "none at {} (not needed: options and OTOK_* variables do without one)",
                    path.display()
                ),
            )?;
            return Ok(Some(FileConfig::default()));
        }
        Err(e) => {
            let fix = if explicit {
                "check --config (or OTOK_CONFIG)"
            } else {
                "check the file's permissions"
            };
            report.fail(
                WHAT,
                &format!("cannot read {}: {e}", path.display()),
                Some(fix),
                Kind::Config,
            )?;
            return Ok(None);
        }
    };
    let parsed = FileConfig::parse(&text);
    match &parsed {
        Ok(config) => report.ok(
            WHAT,
            &format!(
                "{}: {}, {}",
                path.display(),
                count(config.profiles.len(), "profile"),
                count(config.providers.len(), "provider")
            ),
        )?,
        Err(e) => report.fail(
            WHAT,
            &format!("bad config file {}: {e}", path.display()),
            Some("see the configuration reference in the README"),
            Kind::Config,
        )?,
    }
    // Who may change it matters whether or not it parses.
    let trust = parsed
        .as_ref()
        .unwrap_or(&FileConfig::default())
        .trust(&path);
    const PERMISSIONS: &str = "config permissions";
    if let Some(refused) = &trust.refused {
        report.fail(
            PERMISSIONS,
            &refused.problem,
            Some(&refused.fix),
            Kind::Config,
        )?;
    } else if let Some(warning) = &trust.warning {
        report.warn(PERMISSIONS, &warning.problem, &warning.fix)?;
    } else {
        report.ok(
            PERMISSIONS,
            "yours, and no one else can change it or its directory",
        )?;
    }
    Ok(parsed.ok())
}

/// The store of `backend`: the keychain (and the kernel's cache in front of it) answering, and
/// the data directory with its files private.
fn check_store(backend: Backend, report: &mut Report) -> Result<()> {
    if backend == Backend::None {
        return report.ok(
            "store",
            "none: tokens are not kept between runs (--store none)",
        );
    }
    if matches!(backend, Backend::Keyring | Backend::Auto) {
        const WHAT: &str = "keychain";
        let wait = crate::env::seconds("OTOK_KEYCHAIN_TIMEOUT")
            .unwrap_or_else(|| store::Waits::default().keychain);
        let started = Instant::now();
        let probed = store::probe_keychain(wait);
        let took = seconds(started.elapsed());
        match probed {
            Ok(()) => {
                report.ok(
                    WHAT,
                    &format!("wrote, read back and deleted a test entry in {took}"),
                )?;
                check_kernel_cache(report)?;
            }
            Err(e) if backend == Backend::Keyring => {
                report.fail(
                    WHAT,
                    &format!("{e:#} (after {took})"),
                    Some(
                        "start or unlock the keychain (on Linux a Secret Service such as \
                         gnome-keyring or KeePassXC, on the session's D-Bus), or use --store \
                         file (OTOK_STORE=file)",
                    ),
                    error::kind_of(&e),
                )?;
            }
            Err(e) => report.warn(
                WHAT,
                &format!("{e:#} (after {took}); tokens go to the file store instead"),
                "start or unlock the keychain (on Linux a Secret Service such as gnome-keyring \
                 or KeePassXC, on the session's D-Bus), or say --store file (OTOK_STORE=file)",
            )?,
        }
    }
    check_data_dir(report)
}

/// The kernel's key cache, which spares a keychain round trip on every read (Linux).
fn check_kernel_cache(report: &mut Report) -> Result<()> {
    #[cfg(target_os = "linux")]
    match store::probe_kernel_cache() {
        Ok(()) => report.ok(
            "kernel key cache",
            "added, read back and dropped a test key in the user keyring",
        )?,
        Err(why) => report.warn(
            "kernel key cache",
            &format!("unavailable: {why}"),
            "nothing to fix for tokens to work, but every read asks the keychain, which is \
             slower; containers often forbid the keyctl calls (seccomp)",
        )?,
    }
    #[cfg(not(target_os = "linux"))]
    let _ = report;
    Ok(())
}

/// The data directory: the file store, the index, the installation key, kept metadata.
fn check_data_dir(report: &mut Report) -> Result<()> {
    const WHAT: &str = "data directory";
    match store::check_data_dir() {
        Ok(None) => {
            let dir = store::data_dir().map(|d| d.display().to_string());
            report.ok(
                WHAT,
                &format!(
                    "{} does not exist yet; otok creates it (mode 700) when it first stores \
                     something",
                    dir.unwrap_or_default()
                ),
            )
        }
        Ok(Some(state)) if state.mode & 0o077 != 0 => report.warn(
            WHAT,
            &format!(
                "{}: others can read it (mode {:03o})",
                state.path.display(),
                state.mode
            ),
            &format!("chmod 700 {}", state.path.display()),
        ),
        Ok(Some(state)) => {
            let files = match state.files {
                0 => "no files yet".to_string(),
                n => format!("{}, each yours and 0600", count(n, "file")),
            };
            report.ok(
                WHAT,
                &format!(
                    "{}: yours, mode {:03o}; {files}",
                    state.path.display(),
                    state.mode
                ),
            )
        }
        Err(e) => report.fail_with(WHAT, &e),
    }
}

/// The provider of a profile or of the options: the settings, the issuer's metadata, the
/// token endpoint (reached over TLS with the configured CA, through the proxy in use), and the
/// clock against the provider's `Date`.
fn check_provider(
    cli: &Cli,
    args: &DoctorArgs,
    config: Option<&FileConfig>,
    report: &mut Report,
) -> Result<()> {
    const SETTINGS: &str = "settings";
    let empty = FileConfig::default();
    let config = match (config, &args.profile) {
        (Some(config), _) => config,
        (None, None) => &empty,
        (None, Some(name)) => {
            return report.fail(
                SETTINGS,
                &format!("profile {name} not checked: the config file cannot be used"),
                Some("fix the config file first"),
                Kind::Config,
            )
        }
    };
    let settings = match Settings::resolve(config, args.profile.as_deref(), &args.request, None) {
        Ok(settings) => settings,
        Err(e) => return report.fail_with(SETTINGS, &e),
    };
    report.ok(SETTINGS, &describe(&settings))?;
    let client = match Client::new(
        settings.timeout,
        settings.ca_cert.as_deref(),
        cli.global.verbose,
    ) {
        Ok(client) => client,
        Err(e) => return report.fail_with("CA certificate", &e),
    };

    let mut token_url = match &settings.token_endpoint {
        TokenEndpoint::Url(url) => Some(url.clone()),
        TokenEndpoint::Discover { .. } => None,
    };
    if let Some(issuer) = &settings.issuer {
        const WHAT: &str = "metadata";
        let found =
            http::check_url(issuer).and_then(|()| discovery::discover(&client, issuer, None));
        match found {
            Ok((meta, _)) => {
                // A client with a certificate calls the mTLS alias, where there is one.
                let listed = settings
                    .client_cert_file
                    .as_ref()
                    .and(meta.mtls_endpoint_aliases.token_endpoint)
                    .or(meta.token_endpoint);
                match (&token_url, listed) {
                    (Some(given), listed) => report.ok(
                        WHAT,
                        &format!(
                            "{issuer} answers (token endpoint {}; the settings' {given} is used)",
                            listed.as_deref().unwrap_or("not listed")
                        ),
                    )?,
                    (None, Some(listed)) => {
                        report.ok(WHAT, &format!("{issuer}: token endpoint {listed}"))?;
                        token_url = Some(listed);
                    }
                    (None, None) => report.fail(
                        WHAT,
                        &format!("the metadata of {issuer} has no token_endpoint"),
                        Some("give the token endpoint with --token-url (token_url in the profile)"),
                        Kind::BadResponse,
                    )?,
                }
            }
            Err(e) => report.fail_with(WHAT, &e)?,
        }
    }
    let Some(url) = token_url else {
        return Ok(());
    };
    check_proxy(&url, report)?;

    const WHAT: &str = "token endpoint";
    let request = Request {
        method: Method::Get,
        url: url.clone(),
        headers: vec![],
        body: None,
    };
    // Any answer shows the endpoint reachable and, over https, its certificate valid: a GET
    // of a token endpoint is usually refused (400, 405), which is all this asks.
    let policy = Policy {
        retry_answers: false,
        ..Policy::OAUTH
    };
    let started = Instant::now();
    let answer = http::check_url(&url).and_then(|()| client.send_with(&request, policy));
    let took = seconds(started.elapsed());
    match answer {
        Ok(response) => {
            let transport = if url.starts_with("https://") {
                match &settings.ca_cert {
                    Some(ca) => {
                        format!("TLS certificate valid (system roots and {})", ca.display())
                    }
                    None => "TLS certificate valid".to_string(),
                }
            } else {
                "plain http, to a loopback address".to_string()
            };
            report.ok(
                WHAT,
                &format!(
                    "{url} answered HTTP {} in {took}; {transport}",
                    response.status
                ),
            )?;
            check_clock(&response, &http::host_of(&url), report)
        }
        Err(e) => report.fail_with(WHAT, &e),
    }
}

/// What the settings resolved to, without a secret.
fn describe(s: &Settings) -> String {
    let mut text = match &s.profile {
        Some(profile) => format!("profile {profile}: provider {}", s.provider.name),
        None => format!("provider {}", s.provider.name),
    };
    text.push_str(&format!(", grant {}", s.grant));
    if !s.client_id.is_empty() {
        text.push_str(&format!(", client {}", s.client_id));
    }
    text
}

/// Whether requests to `url` go through a proxy, as the HTTP client decides.
fn check_proxy(url: &str, report: &mut Report) -> Result<()> {
    let host = http::host_of(url);
    let bare = url
        .parse::<::http::Uri>()
        .ok()
        .and_then(|u| u.host().map(str::to_string))
        .unwrap_or_default();
    let detail = match http::proxy_for(url) {
        Some(proxy) => format!("{proxy} for {host} (from the environment)"),
        None if http::is_loopback(&bare) => {
            format!("none: {host} is a loopback address, never proxied")
        }
        None => format!("none for {host} (no ALL_PROXY, HTTPS_PROXY or HTTP_PROXY applies)"),
    };
    report.ok("proxy", &detail)
}

/// The local clock against the `Date` of the provider's answer. The header has whole
/// seconds, so the provider's time is taken as the middle of the second it names.
fn check_clock(response: &Response, host: &str, report: &mut Report) -> Result<()> {
    const WHAT: &str = "clock";
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs_f64();
    let Some(date) = response.header("date") else {
        return report.ok(WHAT, &format!("not compared: {host} sent no Date header"));
    };
    let Ok(theirs) = jiff::fmt::rfc2822::DateTimeParser::new().parse_timestamp(date) else {
        return report.ok(
            WHAT,
            &format!("not compared: the Date header of {host} is not an HTTP date"),
        );
    };
    let skew = (theirs.as_second() as f64 + 0.5 - now).round() as i64;
    let apart = skew.unsigned_abs();
    if skew.abs() <= MAX_SKEW_SECS {
        return report.ok(WHAT, &format!("within {} s of {host}'s", apart.max(1)));
    }
    let (direction, looks) = if skew < 0 {
        ("ahead of", "early")
    } else {
        ("behind", "late")
    };
    report.warn(
        WHAT,
        &format!(
            "this machine's clock is {apart} s ({}) {direction} {host}'s",
            crate::when::span(apart)
        ),
        &format!(
            "tokens will look expired {looks}, and servers may refuse the client assertions \
             and DPoP proofs otok signs; fix the clock (NTP)"
        ),
    )
}

/// A duration as seconds with two decimals: `0.04 s`.
fn seconds(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}
