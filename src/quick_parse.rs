//! A quick reading of the command lines kubectl and scripts run most: `otok token` and
//! `otok request` with ordinary options. clap declares every one of their seventy-odd options
//! on each run, typed or not, which was 40 % of the instructions of a cached `otok token`. This
//! reads the line against a table instead, and the environment as clap reads it.
//!
//! It answers only where it is sure. Everything else goes to clap, which parses the line as
//! always and reports any error: other subcommands, `--help` and `--version`, an unknown or
//! repeated option, short options run together or with their value attached, two bodies for
//! `request`, a value that is empty, starts with `-` or is not UTF-8, a value clap's parser
//! would refuse, `--`. The tests compare the two readings, option by option and with the
//! environment, and check that the tables declare what clap declares.

use std::ffi::OsString;
use std::path::PathBuf;
use std::str::FromStr;

use clap::ValueEnum;

use crate::cli::{
    parse_param, parse_param_file, Cli, Command, GlobalArgs, Lazy, OutputArgs, RequestArgs,
    ResourceArgs, ReuseArgs, StoreArgs, TokenArgs,
};

/// The command line as clap would read it, when it is one this reads; `None` leaves it to clap.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Option<Cli> {
    let mut args = args.into_iter().skip(1).map(OsString::into_string);
    let mut line = Line::default();
    // The options before the subcommand: only the global ones.
    let mut typed = Vec::new();
    let sub = loop {
        let arg = args.next()?.ok()?;
        if let Some(sub) = Sub::named(&arg) {
            break sub;
        }
        let option = option(&arg, &[GLOBAL])?;
        line.take(option, &arg, &mut args, &mut typed)?;
    };
    let typed_before = typed;
    let mut typed = Vec::new();
    let tables = sub.tables();
    while let Some(arg) = args.next() {
        let arg = arg.ok()?;
        if arg.starts_with('-') {
            let option = option(&arg, &tables)?;
            line.take(option, &arg, &mut args, &mut typed)?;
        } else if arg.is_empty() {
            return None;
        } else {
            line.positionals.push(arg);
        }
    }
    line.environment(&tables, &typed_before, &typed)?;
    line.into_cli(sub)
}

/// The subcommands this reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sub {
    Token,
    Request,
}

impl Sub {
    const ALL: [Sub; 2] = [Sub::Token, Sub::Request];

    fn named(word: &str) -> Option<Sub> {
        Sub::ALL.into_iter().find(|sub| sub.name() == word)
    }

    fn name(self) -> &'static str {
        match self {
            Sub::Token => "token",
            Sub::Request => "request",
        }
    }

    /// Its options: the global ones, those of the token request, its own.
    fn tables(self) -> [&'static [Opt]; 3] {
        match self {
            Sub::Token => [GLOBAL, SHARED, TOKEN],
            Sub::Request => [GLOBAL, SHARED, REQUEST],
        }
    }
}

/// What the line says so far: the options of every subcommand this reads, each kept where
/// its subcommand's arguments have it.
#[derive(Default)]
struct Line {
    global: GlobalArgs,
    request: RequestArgs,
    store: StoreArgs,
    reuse: ReuseArgs,
    /// `token`'s own.
    force: bool,
    output: OutputArgs,
    /// `request`'s own.
    http: Http,
    positionals: Vec<String>,
}

/// `otok request`'s own options (`cli::ResourceArgs` but the positionals and the flattened).
#[derive(Default)]
struct Http {
    method: Option<String>,
    headers: Vec<String>,
    data: Option<String>,
    data_file: Option<PathBuf>,
    json: Option<String>,
    api_url: Option<String>,
    include: bool,
    no_fail: bool,
}

impl Line {
    /// Takes the option `arg` names, with its value from `arg` (`--name=value`) or the next
    /// argument; `None` for what clap should read: the option a second time at the same level
    /// (but a list's), or a value clap would refuse or might read otherwise.
    fn take(
        &mut self,
        option: &Opt,
        arg: &str,
        rest: &mut impl Iterator<Item = Result<String, OsString>>,
        typed: &mut Vec<&'static str>,
    ) -> Option<()> {
        if typed.contains(&option.long) && !matches!(option.set, Set::Values(_)) {
            return None;
        }
        typed.push(option.long);
        match (option.set, arg.split_once('=')) {
            (Set::Flag(set), None) => {
                set(self);
                Some(())
            }
            (Set::Flag(_), Some(_)) => None,
            (_, Some((_, value))) => self.set(option, value),
            (_, None) => {
                let value = rest.next()?.ok()?;
                self.set(option, &value)
            }
        }
    }

    /// Reads the variables of the options not typed (`typed_before` the subcommand, `typed`
    /// after it), as clap does: at each level an option is declared and not typed at, which
    /// for the global options is both, refusing a value it cannot take at either; a value
    /// typed at either level wins.
    fn environment(
        &mut self,
        tables: &[&'static [Opt]],
        typed_before: &[&str],
        typed: &[&str],
    ) -> Option<()> {
        for option in tables.iter().copied().flatten() {
            let Some(name) = option.env else { continue };
            let global = GLOBAL.iter().any(|own| own.long == option.long);
            let (before, after) = (
                typed_before.contains(&option.long),
                typed.contains(&option.long),
            );
            if after && (before || !global) {
                continue;
            }
            let Some(value) = std::env::var_os(name) else {
                continue;
            };
            let value = value.into_string().ok()?;
            if before || after {
                Line::default().set(option, &value)?;
            } else {
                self.set(option, &value)?;
            }
        }
        Some(())
    }

    /// Sets a value-taking option (from the line or the environment).
    fn set(&mut self, option: &Opt, value: &str) -> Option<()> {
        if value.is_empty() || value.starts_with('-') {
            return None;
        }
        match option.set {
            Set::Flag(_) => None,
            Set::Value(set) | Set::Values(set) => set(self, value),
        }
    }

    /// The subcommand's arguments; `None` for positionals it does not take (clap says which),
    /// or two bodies for `request`.
    fn into_cli(self, sub: Sub) -> Option<Cli> {
        let Line {
            global,
            request,
            store,
            reuse,
            force,
            output,
            http,
            positionals,
        } = self;
        let mut positionals = positionals.into_iter();
        let (first, second) = (positionals.next(), positionals.next());
        if positionals.next().is_some() {
            return None;
        }
        let command = match sub {
            Sub::Token if second.is_none() => Command::Token(Lazy::new(TokenArgs {
                profile: first,
                request,
                store,
                reuse,
                force,
                output,
            })),
            Sub::Request => {
                let bodies = [
                    http.data.is_some(),
                    http.data_file.is_some(),
                    http.json.is_some(),
                ];
                if bodies.into_iter().filter(|&given| given).count() > 1 {
                    return None;
                }
                Command::Request(Lazy::new(ResourceArgs {
                    first: first?,
                    second,
                    method: http.method,
                    headers: http.headers,
                    data: http.data,
                    data_file: http.data_file,
                    json: http.json,
                    api_url: http.api_url,
                    include: http.include,
                    no_fail: http.no_fail,
                    request,
                    store,
                    reuse,
                }))
            }
            Sub::Token => return None,
        };
        Some(Cli { global, command })
    }
}

/// An option of a table.
struct Opt {
    /// Its long name, without the dashes.
    long: &'static str,
    /// Its short name, if any.
    short: Option<char>,
    /// The variable clap reads it from when it is not typed.
    env: Option<&'static str>,
    set: Set,
}

#[derive(Clone, Copy)]
enum Set {
    /// Takes no value, once.
    Flag(fn(&mut Line)),
    /// Takes a value, once; `None` when clap would refuse the value.
    Value(fn(&mut Line, &str) -> Option<()>),
    /// Takes a value, as many times as given.
    Values(fn(&mut Line, &str) -> Option<()>),
}

/// The option an argument names in one of `tables`: `--name`, `--name=value`, or `-c` alone.
fn option<'t>(arg: &str, tables: &[&'t [Opt]]) -> Option<&'t Opt> {
    let mut options = tables.iter().copied().flatten();
    match arg.strip_prefix("--") {
        Some(long) => {
            let name = long.split_once('=').map_or(long, |(name, _)| name);
            options.find(|option| option.long == name)
        }
        None => {
            let mut chars = arg.chars();
            let (Some('-'), Some(short), None) = (chars.next(), chars.next(), chars.next()) else {
                return None;
            };
            options.find(|option| option.short == Some(short))
        }
    }
}

fn put<T>(slot: &mut Option<T>, value: Option<T>) -> Option<()> {
    *slot = Some(value?);
    Some(())
}

fn push<T>(list: &mut Vec<T>, value: Option<T>) -> Option<()> {
    list.push(value?);
    Some(())
}

fn text(value: &str) -> Option<String> {
    Some(value.to_string())
}

fn path(value: &str) -> Option<PathBuf> {
    Some(PathBuf::from(value))
}

fn parsed<T: FromStr>(value: &str) -> Option<T> {
    value.parse().ok()
}

/// One of a `value_enum`'s names (or aliases), matched as clap matches them.
fn choice<T: ValueEnum>(value: &str) -> Option<T> {
    T::from_str(value, false).ok()
}

const fn flag(long: &'static str, set: fn(&mut Line)) -> Opt {
    Opt {
        long,
        short: None,
        env: None,
        set: Set::Flag(set),
    }
}

const fn value(long: &'static str, set: fn(&mut Line, &str) -> Option<()>) -> Opt {
    Opt {
        long,
        short: None,
        env: None,
        set: Set::Value(set),
    }
}

const fn values(long: &'static str, set: fn(&mut Line, &str) -> Option<()>) -> Opt {
    Opt {
        long,
        short: None,
        env: None,
        set: Set::Values(set),
    }
}

impl Opt {
    const fn env(self, name: &'static str) -> Opt {
        Opt {
            env: Some(name),
            ..self
        }
    }

    const fn short(self, short: char) -> Opt {
        Opt {
            short: Some(short),
            ..self
        }
    }
}

/// The options every subcommand takes (`cli::GlobalArgs`).
const GLOBAL: &[Opt] = &[
    flag("verbose", |l| l.global.verbose = true).short('v'),
    value("config", |l, v| put(&mut l.global.config, path(v))).env("OTOK_CONFIG"),
];

/// The options of the token request, which `token` and `request` both take
/// (`cli::RequestArgs`, `cli::StoreArgs`, `cli::ReuseArgs`), in their declaration order.
const SHARED: &[Opt] = &[
    value("provider", |l, v| put(&mut l.request.provider, text(v))).env("OTOK_PROVIDER"),
    value("base-url", |l, v| put(&mut l.request.base_url, text(v))).env("OTOK_BASE_URL"),
    value("token-url", |l, v| put(&mut l.request.token_url, text(v))),
    value("authorize-url", |l, v| {
        put(&mut l.request.authorize_url, text(v))
    }),
    value("revoke-url", |l, v| put(&mut l.request.revoke_url, text(v))),
    value("introspect-url", |l, v| {
        put(&mut l.request.introspect_url, text(v))
    }),
    value("issuer", |l, v| put(&mut l.request.issuer, text(v))).env("OTOK_ISSUER"),
    value("auth-method", |l, v| {
        put(&mut l.request.auth_method, choice(v))
    }),
    value("ca-cert", |l, v| put(&mut l.request.ca_cert, path(v))).env("OTOK_CA_CERT"),
    value("timeout", |l, v| put(&mut l.request.timeout, parsed(v))).env("OTOK_TIMEOUT"),
    value("client-id", |l, v| put(&mut l.request.client_id, text(v))).env("OTOK_CLIENT_ID"),
    value("client-secret-file", |l, v| {
        put(&mut l.request.client_secret_file, path(v))
    }),
    flag("client-secret-stdin", |l| {
        l.request.client_secret_stdin = true
    }),
    value("private-key-file", |l, v| {
        put(&mut l.request.private_key_file, path(v))
    }),
    value("key-id", |l, v| put(&mut l.request.key_id, text(v))),
    value("signing-alg", |l, v| {
        put(&mut l.request.signing_alg, parsed(v))
    }),
    value("assertion-audience", |l, v| {
        put(&mut l.request.assertion_audience, parsed(v))
    }),
    value("assertion-lifetime", |l, v| {
        put(&mut l.request.assertion_lifetime, parsed(v))
    }),
    value("client-cert-file", |l, v| {
        put(&mut l.request.client_cert_file, path(v))
    }),
    value("client-key-file", |l, v| {
        put(&mut l.request.client_key_file, path(v))
    }),
    flag("dpop", |l| l.request.dpop = true),
    value("grant", |l, v| put(&mut l.request.grant, parsed(v))).env("OTOK_GRANT"),
    values("scope", |l, v| push(&mut l.request.scope, text(v))).env("OTOK_SCOPE"),
    value("username", |l, v| put(&mut l.request.username, text(v))).env("OTOK_USERNAME"),
    value("password-file", |l, v| {
        put(&mut l.request.password_file, path(v))
    }),
    flag("password-stdin", |l| l.request.password_stdin = true),
    value("login-type", |l, v| {
        put(&mut l.request.login_type, choice(v))
    }),
    value("card-file", |l, v| put(&mut l.request.card_file, path(v))),
    flag("card-stdin", |l| l.request.card_stdin = true),
    value("pin-file", |l, v| put(&mut l.request.pin_file, path(v))),
    flag("pin-stdin", |l| l.request.pin_stdin = true),
    value("refresh-token-file", |l, v| {
        put(&mut l.request.refresh_token_file, path(v))
    }),
    value("subject-token-file", |l, v| {
        put(&mut l.request.subject_token_file, path(v))
    }),
    flag("subject-token-stdin", |l| {
        l.request.subject_token_stdin = true
    }),
    value("subject-token-from", |l, v| {
        put(&mut l.request.subject_token_from, text(v))
    }),
    value("subject-token-type", |l, v| {
        put(&mut l.request.subject_token_type, text(v))
    }),
    value("actor-token-file", |l, v| {
        put(&mut l.request.actor_token_file, path(v))
    }),
    value("actor-token-from", |l, v| {
        put(&mut l.request.actor_token_from, text(v))
    }),
    value("actor-token-type", |l, v| {
        put(&mut l.request.actor_token_type, text(v))
    }),
    values("audience", |l, v| push(&mut l.request.audience, text(v))),
    values("resource", |l, v| push(&mut l.request.resource, text(v))),
    value("requested-token-type", |l, v| {
        put(&mut l.request.requested_token_type, text(v))
    }),
    value("assertion-file", |l, v| {
        put(&mut l.request.assertion_file, path(v))
    }),
    value("assertion-from", |l, v| {
        put(&mut l.request.assertion_from, text(v))
    }),
    value("assertion-issuer", |l, v| {
        put(&mut l.request.assertion_issuer, text(v))
    }),
    value("assertion-subject", |l, v| {
        put(&mut l.request.assertion_subject, text(v))
    }),
    value("service-account-file", |l, v| {
        put(&mut l.request.service_account_file, path(v))
    }),
    value("client-assertion-file", |l, v| {
        put(&mut l.request.client_assertion_file, path(v))
    }),
    value("client-assertion-from", |l, v| {
        put(&mut l.request.client_assertion_from, text(v))
    }),
    values("param", |l, v| {
        push(&mut l.request.params, parse_param(v).ok())
    }),
    values("param-file", |l, v| {
        push(&mut l.request.param_files, parse_param_file(v).ok())
    }),
    value("store", |l, v| {
        l.store.store = choice(v)?;
        Some(())
    })
    .env("OTOK_STORE"),
    value("min-ttl", |l, v| {
        l.reuse.min_ttl = parsed(v)?;
        Some(())
    })
    .env("OTOK_MIN_TTL"),
];

/// `otok token`'s own options (`cli::TokenArgs`).
const TOKEN: &[Opt] = &[
    flag("force", |l| l.force = true),
    value("format", |l, v| put(&mut l.output.format, choice(v))).env("OTOK_FORMAT"),
    value("env-var", |l, v| {
        l.output.env_var = v.to_string();
        Some(())
    }),
];

/// `otok request`'s own options (`cli::ResourceArgs`).
const REQUEST: &[Opt] = &[
    value("method", |l, v| put(&mut l.http.method, text(v))).short('X'),
    values("header", |l, v| push(&mut l.http.headers, text(v))).short('H'),
    value("data", |l, v| put(&mut l.http.data, text(v))).short('d'),
    value("data-file", |l, v| put(&mut l.http.data_file, path(v))),
    value("json", |l, v| put(&mut l.http.json, text(v))),
    value("api-url", |l, v| put(&mut l.http.api_url, text(v))),
    flag("include", |l| l.http.include = true).short('i'),
    flag("no-fail", |l| l.http.no_fail = true),
];

#[cfg(test)]
mod tests {
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt;

    use clap::{ArgAction, CommandFactory};

    use super::{option, Opt, Set, Sub, GLOBAL};
    use crate::cli::Cli;

    /// Values tried for every option: ordinary ones, the names of the choices some options take,
    /// and those clap refuses for some options or this parse leaves to clap.
    const SAMPLES: &[&str] = &[
        "work",
        "https://id.example/token",
        "60",
        "0",
        "+5",
        "18446744073709551616",
        "a=b",
        "k=/tmp/x",
        "=v",
        "client_secret=x",
        "client_credentials",
        "urn:ietf:params:oauth:grant-type:token-exchange",
        "basic",
        "client_secret_basic",
        "private_key_jwt",
        "File",
        "keyring",
        "json",
        "ES256",
        "endpoint",
        "token-endpoint",
        "card",
        "a b",
        "ünï",
        "",
        "-x",
        "-5",
    ];

    fn options(sub: Sub) -> impl Iterator<Item = &'static Opt> {
        sub.tables().into_iter().flatten()
    }

    /// The words of a line of `sub` up to its options: `request` needs its URL.
    fn start(sub: Sub) -> Vec<&'static str> {
        match sub {
            Sub::Token => vec!["token"],
            Sub::Request => vec!["request", "https://api.example/v1"],
        }
    }

    fn joined<'a>(start: &[&'a str], words: &[&'a str]) -> Vec<&'a str> {
        [start, words].concat()
    }

    /// The line read both ways: this parse's reading (`None` when it leaves it to clap), and
    /// clap's, as Debug text.
    fn both(line: &[&str]) -> (Option<String>, Result<String, String>) {
        let argv = || {
            std::iter::once("otok")
                .chain(line.iter().copied())
                .map(OsString::from)
        };
        let quick = super::parse(argv()).map(|cli| format!("{cli:?}"));
        let clap = Cli::command()
            .try_get_matches_from(argv())
            .and_then(|mut matches| Cli::from_matches(&mut matches))
            .map(|cli| format!("{cli:?}"))
            .map_err(|e| e.kind().to_string());
        (quick, clap)
    }

    /// The lines this parse leaves to clap although clap may accept them: another subcommand,
    /// an empty value, a value that starts with `-`, an option not of the tables (or short
    /// ones run together), two bodies for `request`.
    fn left_on_purpose(line: &[&str], env_value: Option<&str>) -> bool {
        let odd = |value: &str| value.is_empty() || value.starts_with('-');
        let sub = line
            .iter()
            .find(|word| !word.starts_with('-') && !word.starts_with('/'))
            .and_then(|word| Sub::named(word));
        let Some(sub) = sub else { return true };
        let bodies = ["-d", "--data", "--data-file", "--json"];
        env_value.is_some_and(odd)
            || line
                .iter()
                .filter(|word| bodies.iter().any(|b| word.starts_with(b)))
                .count()
                > 1
            || line.iter().any(|word| {
                let inline = word.strip_prefix("--").and_then(|w| w.split_once('='));
                word.is_empty()
                    || inline.is_some_and(|(_, value)| odd(value))
                    || (word.starts_with('-') && option(word, &sub.tables()).is_none())
            })
    }

    /// Reads the line both ways: where this parse answers, clap reads the same; where clap
    /// accepts an ordinary line, this parse answers. Whether this parse answered.
    fn check(words: &[&str], env_value: Option<&str>) -> bool {
        let (quick, clap) = both(words);
        let line = format!("`otok {}` (variable: {env_value:?})", words.join(" "));
        match (&quick, &clap) {
            (Some(quick), Ok(clap)) => assert_eq!(quick, clap, "{line}"),
            (Some(quick), Err(kind)) => panic!("{line}: clap refuses it ({kind}), read as {quick}"),
            (None, Ok(_)) => assert!(
                left_on_purpose(words, env_value),
                "{line}: left to clap, which reads it"
            ),
            (None, Err(_)) => {}
        }
        quick.is_some()
    }

    #[test]
    fn the_tables_declare_what_clap_declares() {
        let mut cli = Cli::command();
        cli.build();
        for sub in Sub::ALL {
            let command = cli.find_subcommand(sub.name()).unwrap();
            let mut declared = 0;
            for arg in command.get_arguments() {
                let id = arg.get_id().as_str();
                if id == "help" || arg.is_positional() {
                    let positionals = ["help", "profile", "first", "second"];
                    assert!(positionals.contains(&id), "{id}: a new positional");
                    continue;
                }
                declared += 1;
                let long = arg.get_long().unwrap();
                let option = options(sub)
                    .find(|option| option.long == long)
                    .unwrap_or_else(|| panic!("{} --{long} is not in the tables", sub.name()));
                let env = arg.get_env().map(|name| name.to_str().unwrap());
                assert_eq!(option.env, env, "--{long}'s variable");
                let same_kind = match option.set {
                    Set::Flag(_) => matches!(arg.get_action(), ArgAction::SetTrue),
                    Set::Value(_) => matches!(arg.get_action(), ArgAction::Set),
                    Set::Values(_) => matches!(arg.get_action(), ArgAction::Append),
                };
                assert!(same_kind, "--{long} is {:?} to clap", arg.get_action());
                assert_eq!(option.short, arg.get_short(), "--{long}'s short name");
                assert!(arg.get_all_aliases().is_none() && arg.get_all_short_aliases().is_none());
                assert!(!arg.is_require_equals_set() && arg.get_value_delimiter().is_none());
            }
            let table = options(sub).count();
            assert_eq!(
                declared,
                table,
                "{}: options of the tables clap lacks",
                sub.name()
            );
        }
    }

    #[test]
    fn every_option_reads_as_clap_reads_it() {
        for sub in Sub::ALL {
            let start = start(sub);
            let mut answered = 0;
            for option in options(sub) {
                let long = format!("--{}", option.long);
                let short = option.short.map(|c| format!("-{c}"));
                let names: Vec<&str> = [Some(long.as_str()), short.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect();
                let global = GLOBAL.iter().any(|g| g.long == option.long);
                match option.set {
                    Set::Flag(_) => {
                        for name in &names {
                            assert!(check(&joined(&start, &[name]), None));
                            assert!(!check(&joined(&start, &[name, name]), None));
                        }
                        assert!(!check(&joined(&start, &[&format!("{long}=yes")]), None));
                        if global {
                            let mut words = vec![long.as_str()];
                            words.extend(joined(&start, &[&long]));
                            assert!(check(&words, None));
                        }
                    }
                    Set::Value(_) | Set::Values(_) => {
                        for value in SAMPLES {
                            for name in &names {
                                answered += check(&joined(&start, &[name, value]), None) as usize;
                            }
                            check(&joined(&start, &[&format!("{long}={value}")]), None);
                            if global {
                                let mut words = vec![long.as_str(), value];
                                words.extend(joined(&start, &[]));
                                check(&words, None);
                            }
                        }
                        check(&joined(&start, &[&long]), None);
                        check(&joined(&start, &[&long, "one", &long, "two"]), None);
                        if global {
                            let mut words = vec![long.as_str(), "/a"];
                            words.extend(joined(&start, &[&long, "/b"]));
                            assert!(check(&words, None));
                        }
                    }
                }
            }
            // Most options take most values.
            let tried = options(sub).count() * SAMPLES.len();
            assert!(answered > tried / 2, "{}: {answered} answered", sub.name());
        }
    }

    #[test]
    fn other_lines_are_left_to_clap_or_read_as_clap_reads_them() {
        let lines: &[&[&str]] = &[
            &["token"],
            &["token", "work"],
            &[
                "-v", "token", "work", "--scope", "a", "--scope", "b", "--store", "file",
            ],
            &["--verbose", "token", "-v"],
            &["token", "work", "other"],
            &["token", "--", "work"],
            &["token", "-"],
            &["token", ""],
            &["token", "--help"],
            &["token", "-h"],
            &["--version"],
            &["-V"],
            &["token", "--nope"],
            &["token", "-x"],
            &["token", "-vv"],
            &["token", "-v", "-v"],
            &["token", "-v", "--verbose"],
            &["token", "-X", "POST"],
            &["tok"],
            &["help", "token"],
            &["refresh", "work"],
            &["token", "work", "refresh"],
            &["request"],
            &["request", "https://api.example/v1"],
            &[
                "request",
                "work",
                "/v1/items",
                "-X",
                "POST",
                "-H",
                "A: b",
                "-H",
                "C: d",
                "-i",
            ],
            &["request", "work", "/v1/items", "/v2"],
            &["request", "work", "/v1", "-d", "a=b", "--json", "{}"],
            &["request", "work", "/v1", "--data-file", "f", "--data", "x"],
            &["request", "work", "/v1", "-d", "a=b", "-d", "c=d"],
            &["request", "work", "-XPOST"],
            &["request", "work", "-iX", "POST"],
            &["request", "work", "-X=POST"],
            &["request", "work", "--force"],
            &["request", "work", "--format", "json"],
            &[
                "request",
                "-v",
                "work",
                "--no-fail",
                "--json",
                "{\"a\": 1}",
                "--api-url",
                "u",
            ],
            &[],
        ];
        for line in lines {
            check(line, None);
        }
        // Not UTF-8: left to clap.
        let odd = OsString::from_vec(vec![0xff, b'a']);
        for sub in Sub::ALL {
            let argv = ["otok", sub.name(), "work", "--scope"].map(OsString::from);
            assert!(super::parse(argv.into_iter().chain([odd.clone()])).is_none());
        }
    }

    const CHILD: &str = "QUICK_PARSE_ENVIRONMENT_CASES";

    /// The environment is read in a process of its own: setting variables in this one would
    /// change what other tests running at the same time read.
    #[test]
    fn the_environment_reads_as_clap_reads_it() {
        let name = "quick_parse::tests::environment_cases";
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([name, "--exact", "--include-ignored", "--test-threads=1"])
            .env(CHILD, "1")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stdout}{stderr}");
        assert!(stdout.contains("1 passed"), "{stdout}");
    }

    #[test]
    #[ignore = "sets variables: the_environment_reads_as_clap_reads_it runs it alone"]
    fn environment_cases() {
        if std::env::var_os(CHILD).is_none() {
            return;
        }
        for sub in Sub::ALL {
            let start = start(sub);
            let with_env: Vec<_> = options(sub).filter(|option| option.env.is_some()).collect();
            let expected = if sub == Sub::Token { 13 } else { 12 };
            assert_eq!(with_env.len(), expected, "{}", sub.name());
            for option in &with_env {
                let name = option.env.unwrap();
                let long = format!("--{}", option.long);
                for value in SAMPLES {
                    std::env::set_var(name, value);
                    let answered = check(&joined(&start, &[]), Some(value));
                    check(&joined(&start, &["work", &long, "typed"]), Some(value));
                    check(&joined(&start, &[&long, "/typed"]), Some(value));
                    let ordinary = !value.is_empty() && !value.starts_with('-');
                    if option.long == "config" {
                        let mut words = vec!["--config", "/typed"];
                        words.extend(joined(&start, &[]));
                        assert_eq!(check(&words, Some(value)), ordinary, "{value:?}");
                    }
                    if ["config", "scope", "client-id"].contains(&option.long) {
                        assert_eq!(answered, ordinary, "{name}={value:?}");
                    }
                }
                std::env::set_var(name, OsString::from_vec(vec![0xff, b'a']));
                let argv = ["otok"]
                    .into_iter()
                    .chain(joined(&start, &[]))
                    .map(OsString::from);
                assert!(super::parse(argv).is_none());
                std::env::remove_var(name);
            }
        }
    }
}
