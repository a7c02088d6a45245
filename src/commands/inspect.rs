//! `otok inspect [PROFILE] | --stdin`: what a token says about itself, for people debugging a
//! provider. A JWT's header and claims are decoded (never verified) and its times shown in UTC,
//! on the local clock and relative to now; the signature is never printed.

use anyhow::Result;
use serde_json::{json, Map, Value};

use super::{load_settings, names_one};
use crate::cli::{Cli, InspectArgs, ListFormat};
use crate::error;
use crate::jwt::{self, Decoded, TIME_CLAIMS};
use crate::obtain::{self, read, Mode};
use crate::output::{align, write_stdout};
use crate::secret::Secret;
use crate::{terminal, token, when};

pub fn run(cli: &Cli, args: &InspectArgs) -> Result<()> {
    let token = if args.stdin {
        from_stdin()?
    } else {
        stored(cli, args)?
    };
    let decoded = jwt::decode(token.expose())?;
    let report = report(&decoded, token::now() as i64);
    let text = match args.format {
        ListFormat::Json => format!(
            "{}\n",
            terminal::json(&serde_json::to_string_pretty(&report)?)
        ),
        ListFormat::Table => text(&report)?,
    };
    write_stdout(&text)
}

/// A token piped in: `otok token | otok inspect --stdin`.
pub fn from_stdin() -> Result<Secret> {
    let text = crate::secret::read_capped(
        std::io::stdin().lock(),
        crate::secret::MAX_TOKEN,
        "token",
        "stdin",
    )?;
    let token = text.trim();
    if token.is_empty() {
        return Err(error::config("no token on stdin")
            .hint("pipe one in: otok token PROFILE | otok inspect --stdin")
            .into());
    }
    Ok(Secret::new(token))
}

/// The profile's stored token; one is got as `otok token` would when none is stored. An
/// expired token is shown as it is: seeing that it expired is often the point.
fn stored(cli: &Cli, args: &InspectArgs) -> Result<Secret> {
    if !names_one(args.profile.as_deref(), &args.request) {
        return Err(error::config(
            "name a profile (or --provider and its options), or give --stdin",
        )
        .into());
    }
    let settings = load_settings(cli, args.profile.as_deref(), &args.request, None)?;
    let store = crate::obtain::open_store(args.store.store)?;
    let set = match read(&store, &crate::obtain::cache_key(&store, &settings)?)? {
        Some(record) if !record.access_token.is_empty() => record.token_set(),
        _ => {
            let mode = Mode::Cached {
                min_ttl: 0,
                force: false,
            };
            obtain::token(&settings, args.store.store, mode, cli.global.verbose)?.0
        }
    };
    if args.id_token {
        return set.id_token.ok_or_else(|| {
            error::config("no ID token is stored for this profile")
                .hint("ID tokens come with the openid scope of an OpenID Connect provider")
                .into()
        });
    }
    Ok(set.access_token)
}

/// What `--format json` prints, and what the text is made from.
fn report(decoded: &Decoded, now: i64) -> Value {
    match decoded {
        Decoded::Opaque { length } => json!({"type": "opaque", "length": length}),
        Decoded::Encrypted { header } => json!({"type": "jwe", "header": header}),
        Decoded::Signed {
            header,
            claims,
            signature_len,
        } => {
            let mut times = Map::new();
            for (name, _) in TIME_CLAIMS {
                if let Some(at) = claims.get(*name).and_then(Value::as_i64) {
                    times.insert(
                        name.to_string(),
                        json!({
                            "unix": at,
                            "utc": when::rfc3339(at),
                            "local": when::local(at),
                            "relative": when::relative(at, now),
                        }),
                    );
                }
            }
            let exp = claims.get("exp").and_then(Value::as_i64);
            json!({
                "type": "jwt",
                "header": header,
                "claims": claims,
                "times": times,
                "expired": exp.map(|at| at <= now),
                "expires_in": exp.map(|at| at.saturating_sub(now)),
                "signature": {"bytes": signature_len, "verified": false},
            })
        }
    }
}

/// The report as text. Whoever made the token chose every string in it: each is escaped
/// ([`terminal`]) on its way out.
fn text(report: &Value) -> Result<String> {
    let pretty =
        |v: &Value| serde_json::to_string_pretty(v).map(|t| terminal::json(&t).into_owned());
    Ok(match report["type"].as_str() {
        Some("opaque") => format!(
            "opaque token ({} characters): it is not a JWT, so only its issuer can say what it \
             means (try `otok introspect`)\n",
            report["length"]
        ),
        Some("jwe") => format!(
            "encrypted JWT (JWE): only its header can be read without the key\nheader\n{}\n",
            pretty(&report["header"])?
        ),
        _ => {
            let alg = report["header"]["alg"].as_str().unwrap_or("no alg");
            let alg = terminal::sanitize(alg, terminal::WORD);
            let mut out = format!(
                "signed JWT ({alg}); the signature ({} bytes) is not shown and was not verified\n\
                 header\n{}\nclaims\n{}\n",
                report["signature"]["bytes"],
                pretty(&report["header"])?,
                pretty(&report["claims"])?
            );
            let mut rows = String::new();
            for (name, label) in TIME_CLAIMS {
                match (&report["times"][name], &report["claims"][name]) {
                    (Value::Object(t), _) => rows.push_str(&format!(
                        "  {label} ({name})\t{}\t{}\t{}\n",
                        t["utc"].as_str().unwrap_or(""),
                        t["local"].as_str().unwrap_or(""),
                        t["relative"].as_str().unwrap_or("")
                    )),
                    (_, Value::Null) => {}
                    (_, other) => rows.push_str(&format!(
                        "  {label} ({name})\t{} is not a time in seconds\n",
                        terminal::sanitize(&other.to_string(), terminal::WORD)
                    )),
                }
            }
            if !rows.is_empty() {
                out.push_str("times\n");
                out.push_str(&align(&rows));
            }
            out.push_str(
                &match (report["expired"].as_bool(), report["expires_in"].as_i64()) {
                    (Some(true), Some(left)) => {
                        format!("expired {} ago\n", when::span(left.unsigned_abs()))
                    }
                    (Some(false), Some(left)) => {
                        format!("valid for {} more\n", when::span(left.unsigned_abs()))
                    }
                    _ => "no exp claim: the token does not say when it expires\n".into(),
                },
            );
            out
        }
    })
}
