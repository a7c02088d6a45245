//! `otok status [PROFILE]`: what the store holds, as a table or JSON; never a token.

use anyhow::Result;
use serde_json::{json, Value};

use super::{load_settings, names_one};
use crate::cli::{Cli, ListFormat, StatusArgs};
use crate::output::{align, write_stdout};
use crate::store::{self, IndexEntry, Lookup};
use crate::{token, when};

pub fn run(cli: &Cli, args: &StatusArgs) -> Result<()> {
    let store = crate::obtain::open_store(args.store.store)?;
    let entries: Vec<(String, IndexEntry)> = if names_one(args.profile.as_deref(), &args.request) {
        let settings = load_settings(cli, args.profile.as_deref(), &args.request, None)?;
        let key = crate::obtain::cache_key(&store, &settings)?;
        let entry = store
            .entries()?
            .into_iter()
            .find(|(k, _)| *k == key)
            .map(|(_, e)| e);
        vec![(
            key,
            entry.unwrap_or(IndexEntry {
                profile: settings.profile.clone(),
                provider: settings.provider.name.clone(),
                backend: store.backend().as_str().to_string(),
                version: store::KEY_VERSION,
            }),
        )]
    } else {
        store.entries()?
    };
    let now = token::now();
    let rows: Vec<Value> = entries
        .iter()
        .map(|(key, entry)| {
            let mut row = json!({
                "key": key,
                "profile": entry.profile,
                "provider": entry.provider,
                "store": entry.backend,
                "older_version": entry.is_older(),
            });
            match store.get(key) {
                Ok(Lookup::Found(r)) => {
                    row["stored"] = json!(true);
                    // Where a read finds it now: the file, the keychain, or the kernel's
                    // cache in front of the keychain.
                    row["read_from"] = json!(store.origin().as_str());
                    row["client_id"] = json!(r.client_id);
                    row["expires_at"] = json!(r.expires_at.map(|at| when::rfc3339(at as i64)));
                    row["expires_in"] = json!(r.expires_at.map(|at| at as i64 - now as i64));
                    row["scope"] = json!(r.scope.join(" "));
                    row["refreshable"] = json!(r.refresh_token.is_some());
                    row["token_type"] = json!(r.token_type);
                    // What the token is bound to: otok's DPoP key, a client certificate.
                    row["dpop"] = json!(r.dpop_key.is_some());
                    row["certificate_x5t_s256"] = json!(r.x5t_s256);
                }
                Ok(Lookup::Missing) => row["stored"] = json!(false),
                Ok(Lookup::Corrupt(why)) => {
                    row["stored"] = json!(false);
                    row["problem"] = json!(why);
                }
                Err(e) => {
                    row["stored"] = json!(false);
                    row["problem"] = json!(format!("{e:#}"));
                }
            }
            row
        })
        .collect();
    if args.format == ListFormat::Json {
        let text = serde_json::to_string_pretty(&rows)?;
        return write_stdout(&format!("{}\n", crate::terminal::json(&text)));
    }
    if rows.is_empty() {
        eprintln!(
            "otok: no tokens stored (store: {})",
            store.backend().as_str()
        );
        return Ok(());
    }
    let mut text = String::from("PROFILE\tPROVIDER\tEXPIRES IN\tSCOPE\tREFRESHABLE\tSTORE\n");
    for row in &rows {
        let text_of = |k: &str| {
            row[k]
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| "-".into())
        };
        let expires = match (&row["stored"], row["expires_in"].as_i64()) {
            (Value::Bool(false), _) => row["problem"]
                .as_str()
                .map_or("not stored".to_string(), |p| format!("unreadable: {p}")),
            (_, Some(secs)) if secs < 0 => {
                format!("expired {} ago", when::span(secs.unsigned_abs()))
            }
            (_, Some(secs)) => when::span(secs.unsigned_abs()),
            (_, None) => "unknown".into(),
        };
        let refreshable = match row["refreshable"].as_bool() {
            Some(true) => "yes",
            Some(false) => "no",
            None => "-",
        };
        let scope = row["scope"]
            .as_str()
            .filter(|s| !s.is_empty())
            .unwrap_or("-");
        let store = match (row["older_version"].as_bool(), row["read_from"].as_str()) {
            (Some(true), _) => format!(
                "{} (older version: never served; otok forget)",
                text_of("store")
            ),
            (_, Some(cache @ "kernel key cache")) => format!("{} ({cache})", text_of("store")),
            _ => text_of("store"),
        };
        text.push_str(&format!(
            "{}\t{}\t{expires}\t{scope}\t{refreshable}\t{store}\n",
            text_of("profile"),
            text_of("provider"),
        ));
    }
    write_stdout(&align(&text))
}
