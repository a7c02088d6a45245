//! `otok providers`: the provider table, built-in and from the config file.

use anyhow::Result;
use serde_json::json;

use crate::cli::{Cli, ProvidersArgs};
use crate::config::FileConfig;
use crate::output::write_stdout;
use crate::provider::{self, Provider, Revocation};
use crate::types::{AuthMethod, BodyEncoding};

pub fn run(cli: &Cli, args: &ProvidersArgs) -> Result<()> {
    let (config, _) = FileConfig::load(cli.global.config.as_deref())?;
    let mut all: Vec<Provider> = provider::builtins().collect();
    for name in config.providers.keys() {
        all.retain(|p| &p.name != name);
        all.push(provider::lookup(name, &config.providers)?);
    }
    let rows: Vec<Row> = all.iter().map(Row::of).collect();
    if args.json {
        let list: Vec<_> = rows
            .iter()
            .map(|r| {
                json!({"name": r.name, "summary": r.summary, "token_endpoint": r.token, "body": r.body,
                       "client_auth": r.auth, "client_auth_methods": r.auth_methods, "grants": r.grants, "revocation": r.revocation})
            })
            .collect();
        return write_stdout(&format!("{}\n", serde_json::to_string_pretty(&list)?));
    }
    let headings = [
        "NAME",
        "TOKEN ENDPOINT",
        "BODY",
        "AUTH",
        "GRANTS",
        "REVOCATION",
    ];
    let cells: Vec<[String; 6]> = rows
        .iter()
        .map(|r| {
            [
                r.name.clone(),
                r.token.clone(),
                r.body.into(),
                if r.any_auth {
                    format!("any ({} by default)", r.auth)
                } else {
                    r.auth_methods.join(",")
                },
                r.grants.join(","),
                r.revocation.clone(),
            ]
        })
        .collect();
    let width = |i: usize| {
        cells
            .iter()
            .map(|c| c[i].len())
            .chain([headings[i].len()])
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..6).map(width).collect();
    let line = |c: [&str; 6]| {
        let mut s = String::new();
        for (i, cell) in c.iter().enumerate() {
            if i == 5 {
                s.push_str(cell);
            } else {
                s.push_str(&format!("{cell:<w$}  ", w = widths[i]));
            }
        }
        s.trim_end().to_string() + "\n"
    };
    let mut text = line(headings);
    for c in &cells {
        text.push_str(&line([&c[0], &c[1], &c[2], &c[3], &c[4], &c[5]]));
    }
    write_stdout(&text)
}

struct Row {
    name: String,
    summary: String,
    token: String,
    body: &'static str,
    auth: &'static str,
    /// What it takes, the default first.
    auth_methods: Vec<String>,
    /// Whether it takes every client authentication otok has.
    any_auth: bool,
    grants: Vec<String>,
    revocation: String,
}

impl Row {
    fn of(p: &Provider) -> Row {
        let base = p.base_url.clone().unwrap_or_else(|| "{base}".into());
        let token = p
            .endpoint(p.token.as_deref(), Some(&base))
            .unwrap_or_else(|| "--token-url or --issuer".into());
        let grants = match &p.grants {
            Some(g) => g.iter().map(|g| g.as_str().to_string()).collect(),
            None => vec!["any".into()],
        };
        let revoke = p.endpoint(p.revoke.as_deref(), Some(&base));
        let revocation = match (p.revocation, revoke) {
            (None, _) => "none (forget locally)".into(),
            (Some(r), Some(url)) if r == Revocation::RFC7009 => format!("POST {url}"),
            (Some(r), None) if r == Revocation::RFC7009 => {
                "RFC 7009 when a revoke URL is known".into()
            }
            (Some(r), url) => {
                let mut text = r.method.as_str().to_string();
                if let Some(url) = url {
                    text.push_str(&format!(" {url}"));
                }
                if r.encoding == BodyEncoding::Json {
                    text.push_str(" (JSON)");
                } else if !r.hint {
                    text.push_str(" (form token=)");
                }
                text
            }
        };
        let auth_methods = match &p.auth_methods {
            Some(methods) => std::iter::once(p.auth_method)
                .chain(methods.iter().copied().filter(|m| *m != p.auth_method))
                .map(|m| m.as_str().to_string())
                .collect(),
            None => std::iter::once(p.auth_method)
                .chain(
                    <AuthMethod as clap::ValueEnum>::value_variants()
                        .iter()
                        .copied()
                        .filter(|m| *m != p.auth_method),
                )
                .map(|m| m.as_str().to_string())
                .collect(),
        };
        Row {
            name: p.name.clone(),
            auth_methods,
            any_auth: p.auth_methods.is_none(),
            summary: p.summary.clone(),
            token,
            body: p.body.as_str(),
            auth: p.auth_method.as_str(),
            grants,
            revocation,
        }
    }
}
