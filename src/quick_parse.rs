//! A quick reading of the command line kubectl, git and scripts run most: `otok token` with
//! ordinary options. clap declares every one of `token`'s seventy-odd options on each run,
//! typed or not, which is most of otok's own work on a cached `otok token` (a third of its
//! instructions). This reads the line against a table instead, and the environment as clap
//! reads it.
//!
//! It answers only where it is sure. Everything else goes to clap, which parses the line as
//! always and reports any error: other subcommands, `--help` and `--version`, an unknown or
//! repeated option, a value that is empty, starts with `-` or is not UTF-8, a value clap's
//! parser would refuse, `--`. The tests compare the two readings, option by option and with the
//! environment, and check that the table declares what clap declares.

use std::ffi::OsString;
use std::path::PathBuf;
use std::str::FromStr;

use clap::ValueEnum;

use crate::cli::{parse_param, parse_param_file, Cli, Command, GlobalArgs, Lazy, TokenArgs};

/// The command line as clap would read it, when it is one this reads; `None` leaves it to clap.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Option<Cli> {
    let mut args = args.into_iter().skip(1).map(OsString::into_string);
    let mut line = Line::default();
    // The options before the subcommand: only the global ones.
    let mut typed = Vec::new();
    loop {
        let arg = args.next()?.ok()?;
        if arg == "token" {
            break;
        }
        let option = option(&arg, GLOBAL)?;
        line.take(option, &arg, &mut args, &mut typed)?;
    }
    let typed_before = typed;
    let mut typed = Vec::new();
    while let Some(arg) = args.next() {
        let arg = arg.ok()?;
        if !arg.starts_with('-') {
            // The profile, once.
            if line.profile.replace(arg).is_some() {
                return None;
            }
            continue;
        }
        let option = option(&arg, GLOBAL).or_else(|| option(&arg, TOKEN))?;
        line.take(option, &arg, &mut args, &mut typed)?;
    }
    line.environment(&typed_before, &typed)?;
    let Line {
        global,
        mut args,
        profile,
    } = line;
    args.profile = profile;
    Some(Cli {
        global,
        command: Command::Token(Lazy::new(args)),
    })
}

/// What the line says so far.
#[derive(Default)]
struct Line {
    global: GlobalArgs,
    args: TokenArgs,
    profile: Option<String>,
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
    fn environment(&mut self, typed_before: &[&str], typed: &[&str]) -> Option<()> {
        for option in GLOBAL.iter().chain(TOKEN) {
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
}

/// An option of the table.
struct Opt {
    /// Its long name, without the dashes.
    long: &'static str,
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

/// The option an argument names: `--name`, `--name=value`, or `-v`.
fn option<'t>(arg: &str, table: &'t [Opt]) -> Option<&'t Opt> {
    let name = match arg.strip_prefix("--") {
        Some(long) => long.split_once('=').map_or(long, |(name, _)| name),
        None if arg == "-v" => "verbose",
        None => return None,
    };
    table.iter().find(|option| option.long == name)
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
        env: None,
        set: Set::Flag(set),
    }
}

const fn value(long: &'static str, set: fn(&mut Line, &str) -> Option<()>) -> Opt {
    Opt {
        long,
        env: None,
        set: Set::Value(set),
    }
}

const fn values(long: &'static str, set: fn(&mut Line, &str) -> Option<()>) -> Opt {
    Opt {
        long,
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
}

/// The options every subcommand takes (`cli::GlobalArgs`).
const GLOBAL: &[Opt] = &[
    flag("verbose", |l| l.global.verbose = true),
    value("config", |l, v| put(&mut l.global.config, path(v))).env("OTOK_CONFIG"),
];

/// `otok token`'s own options (`cli::TokenArgs`), in its declaration order.
const TOKEN: &[Opt] = &[
    value("provider", |l, v| {
        put(&mut l.args.request.provider, text(v))
    })
    .env("OTOK_PROVIDER"),
    value("base-url", |l, v| {
        put(&mut l.args.request.base_url, text(v))
    })
    .env("OTOK_BASE_URL"),
    value("token-url", |l, v| {
        put(&mut l.args.request.token_url, text(v))
    }),
    value("authorize-url", |l, v| {
        put(&mut l.args.request.authorize_url, text(v))
    }),
    value("revoke-url", |l, v| {
        put(&mut l.args.request.revoke_url, text(v))
    }),
    value("introspect-url", |l, v| {
        put(&mut l.args.request.introspect_url, text(v))
    }),
    value("issuer", |l, v| put(&mut l.args.request.issuer, text(v))).env("OTOK_ISSUER"),
    value("auth-method", |l, v| {
        put(&mut l.args.request.auth_method, choice(v))
    }),
    value("ca-cert", |l, v| put(&mut l.args.request.ca_cert, path(v))).env("OTOK_CA_CERT"),
    value("timeout", |l, v| {
        put(&mut l.args.request.timeout, parsed(v))
    })
    .env("OTOK_TIMEOUT"),
    value("client-id", |l, v| {
        put(&mut l.args.request.client_id, text(v))
    })
    .env("OTOK_CLIENT_ID"),
    value("client-secret-file", |l, v| {
        put(&mut l.args.request.client_secret_file, path(v))
    }),
    flag("client-secret-stdin", |l| {
        l.args.request.client_secret_stdin = true
    }),
    value("private-key-file", |l, v| {
        put(&mut l.args.request.private_key_file, path(v))
    }),
    value("key-id", |l, v| put(&mut l.args.request.key_id, text(v))),
    value("signing-alg", |l, v| {
        put(&mut l.args.request.signing_alg, parsed(v))
    }),
    value("assertion-audience", |l, v| {
        put(&mut l.args.request.assertion_audience, parsed(v))
    }),
    value("assertion-lifetime", |l, v| {
        put(&mut l.args.request.assertion_lifetime, parsed(v))
    }),
    value("client-cert-file", |l, v| {
        put(&mut l.args.request.client_cert_file, path(v))
    }),
    value("client-key-file", |l, v| {
        put(&mut l.args.request.client_key_file, path(v))
    }),
    flag("dpop", |l| l.args.request.dpop = true),
    value("grant", |l, v| put(&mut l.args.request.grant, parsed(v))).env("OTOK_GRANT"),
    values("scope", |l, v| push(&mut l.args.request.scope, text(v))).env("OTOK_SCOPE"),
    value("username", |l, v| {
        put(&mut l.args.request.username, text(v))
    })
    .env("OTOK_USERNAME"),
    value("password-file", |l, v| {
        put(&mut l.args.request.password_file, path(v))
    }),
    flag("password-stdin", |l| l.args.request.password_stdin = true),
    value("login-type", |l, v| {
        put(&mut l.args.request.login_type, choice(v))
    }),
    value("card-file", |l, v| {
        put(&mut l.args.request.card_file, path(v))
    }),
    flag("card-stdin", |l| l.args.request.card_stdin = true),
    value("pin-file", |l, v| {
        put(&mut l.args.request.pin_file, path(v))
    }),
    flag("pin-stdin", |l| l.args.request.pin_stdin = true),
    value("refresh-token-file", |l, v| {
        put(&mut l.args.request.refresh_token_file, path(v))
    }),
    value("subject-token-file", |l, v| {
        put(&mut l.args.request.subject_token_file, path(v))
    }),
    flag("subject-token-stdin", |l| {
        l.args.request.subject_token_stdin = true
    }),
    value("subject-token-from", |l, v| {
        put(&mut l.args.request.subject_token_from, text(v))
    }),
    value("subject-token-type", |l, v| {
        put(&mut l.args.request.subject_token_type, text(v))
    }),
    value("actor-token-file", |l, v| {
        put(&mut l.args.request.actor_token_file, path(v))
    }),
    value("actor-token-from", |l, v| {
        put(&mut l.args.request.actor_token_from, text(v))
    }),
    value("actor-token-type", |l, v| {
        put(&mut l.args.request.actor_token_type, text(v))
    }),
    values("audience", |l, v| {
        push(&mut l.args.request.audience, text(v))
    }),
    values("resource", |l, v| {
        push(&mut l.args.request.resource, text(v))
    }),
    value("requested-token-type", |l, v| {
        put(&mut l.args.request.requested_token_type, text(v))
    }),
    value("assertion-file", |l, v| {
        put(&mut l.args.request.assertion_file, path(v))
    }),
    value("assertion-from", |l, v| {
        put(&mut l.args.request.assertion_from, text(v))
    }),
    value("assertion-issuer", |l, v| {
        put(&mut l.args.request.assertion_issuer, text(v))
    }),
    value("assertion-subject", |l, v| {
        put(&mut l.args.request.assertion_subject, text(v))
    }),
    value("service-account-file", |l, v| {
        put(&mut l.args.request.service_account_file, path(v))
    }),
    value("client-assertion-file", |l, v| {
        put(&mut l.args.request.client_assertion_file, path(v))
    }),
    value("client-assertion-from", |l, v| {
        put(&mut l.args.request.client_assertion_from, text(v))
    }),
    values("param", |l, v| {
        push(&mut l.args.request.params, parse_param(v).ok())
    }),
    values("param-file", |l, v| {
        push(&mut l.args.request.param_files, parse_param_file(v).ok())
    }),
    value("store", |l, v| {
        l.args.store.store = choice(v)?;
        Some(())
    })
    .env("OTOK_STORE"),
    value("min-ttl", |l, v| {
        l.args.reuse.min_ttl = parsed(v)?;
        Some(())
    })
    .env("OTOK_MIN_TTL"),
    flag("force", |l| l.args.force = true),
    value("format", |l, v| put(&mut l.args.output.format, choice(v))).env("OTOK_FORMAT"),
    value("env-var", |l, v| {
        l.args.output.env_var = v.to_string();
        Some(())
    }),
];

#[cfg(test)]
mod tests {
    use std::ffi::OsString;

    use clap::{ArgAction, CommandFactory};

    use super::{option, Set, GLOBAL, TOKEN};
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

    fn table() -> impl Iterator<Item = &'static super::Opt> {
        GLOBAL.iter().chain(TOKEN)
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

    /// The lines this parse leaves to clap although clap may accept them: those with an empty
    /// value, a value that starts with `-`, or an option not of the table.
    fn left_on_purpose(line: &[&str], env_value: Option<&str>) -> bool {
        let odd = |value: &str| value.is_empty() || value.starts_with('-');
        let subcommand = line
            .iter()
            .find(|word| !word.starts_with('-') && !word.starts_with('/'));
        subcommand != Some(&"token")
            || env_value.is_some_and(odd)
            || line.iter().any(|word| {
                let inline = word.strip_prefix("--").and_then(|w| w.split_once('='));
                word.is_empty()
                    || inline.is_some_and(|(_, value)| odd(value))
                    || (word.starts_with('-')
                        && option(word, GLOBAL)
                            .or_else(|| option(word, TOKEN))
                            .is_none())
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
    fn the_table_declares_what_clap_declares() {
        let mut cli = Cli::command();
        cli.build();
        let token = cli.find_subcommand("token").unwrap();
        let mut declared = 0;
        for arg in token.get_arguments() {
            let id = arg.get_id().as_str();
            if id == "help" || arg.is_positional() {
                assert!(id == "help" || id == "profile", "{id}: a new positional");
                continue;
            }
            declared += 1;
            let long = arg.get_long().unwrap();
            let option = table()
                .find(|option| option.long == long)
                .unwrap_or_else(|| panic!("--{long} is not in the table"));
            let env = arg.get_env().map(|name| name.to_str().unwrap());
            assert_eq!(option.env, env, "--{long}'s variable");
            let same_kind = match option.set {
                Set::Flag(_) => matches!(arg.get_action(), ArgAction::SetTrue),
                Set::Value(_) => matches!(arg.get_action(), ArgAction::Set),
                Set::Values(_) => matches!(arg.get_action(), ArgAction::Append),
            };
            assert!(same_kind, "--{long} is {:?} to clap", arg.get_action());
            let short = arg.get_short().map(String::from);
            assert_eq!(
                short,
                (long == "verbose").then(|| "v".to_string()),
                "--{long}"
            );
            assert!(arg.get_all_aliases().is_none() && arg.get_all_short_aliases().is_none());
        }
        assert_eq!(
            declared,
            table().count(),
            "options of the table clap does not declare"
        );
    }

    #[test]
    fn every_option_reads_as_clap_reads_it() {
        let mut answered = 0;
        for option in table() {
            let dashed = format!("--{}", option.long);
            let global = GLOBAL.iter().any(|g| g.long == option.long);
            match option.set {
                Set::Flag(_) => {
                    assert!(check(&["token", &dashed], None));
                    assert!(!check(&["token", &dashed, &dashed], None));
                    assert!(!check(&["token", &format!("{dashed}=yes")], None));
                    if global {
                        assert!(check(&[&dashed, "token", &dashed], None));
                    }
                }
                Set::Value(_) | Set::Values(_) => {
                    for value in SAMPLES {
                        answered += check(&["token", &dashed, value], None) as usize;
                        check(&["token", &format!("{dashed}={value}")], None);
                        if global {
                            check(&[&dashed, value, "token", "work"], None);
                        }
                    }
                    check(&["token", &dashed], None);
                    check(&["token", &dashed, "one", "work", &dashed, "two"], None);
                    if global {
                        assert!(check(&[&dashed, "/a", "token", &dashed, "/b"], None));
                    }
                }
            }
        }
        // Most options take most values.
        assert!(
            answered > TOKEN.len() * SAMPLES.len() / 2,
            "{answered} answered"
        );
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
            &["token", "--help"],
            &["token", "-h"],
            &["--version"],
            &["-V"],
            &["token", "--nope"],
            &["token", "-x"],
            &["token", "-vv"],
            &["token", "-v", "-v"],
            &["token", "-v", "--verbose"],
            &["tok"],
            &["help", "token"],
            &["refresh", "work"],
            &["token", "work", "refresh"],
            &[],
        ];
        for line in lines {
            check(line, None);
        }
        // Not UTF-8: left to clap.
        let argv = ["otok", "token", "--scope"].map(OsString::from);
        use std::os::unix::ffi::OsStringExt;
        let odd = OsString::from_vec(vec![0xff, b'a']);
        assert!(super::parse(argv.into_iter().chain([odd])).is_none());
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
        let with_env: Vec<_> = table().filter(|option| option.env.is_some()).collect();
        assert_eq!(with_env.len(), 13);
        for option in &with_env {
            let name = option.env.unwrap();
            let dashed = format!("--{}", option.long);
            for value in SAMPLES {
                std::env::set_var(name, value);
                let answered = check(&["token"], Some(value));
                check(&["token", "work", &dashed, "typed"], Some(value));
                check(&["token", &dashed, "/typed"], Some(value));
                let ordinary = !value.is_empty() && !value.starts_with('-');
                if option.long == "config" {
                    let typed_before = check(&["--config", "/typed", "token"], Some(value));
                    assert_eq!(typed_before, ordinary, "{value:?}");
                }
                if ["config", "scope", "client-id"].contains(&option.long) {
                    assert_eq!(answered, ordinary, "{name}={value:?}");
                }
            }
            use std::os::unix::ffi::OsStringExt;
            std::env::set_var(name, OsString::from_vec(vec![0xff, b'a']));
            assert!(super::parse(["otok", "token"].map(OsString::from)).is_none());
            std::env::remove_var(name);
        }
    }
}
