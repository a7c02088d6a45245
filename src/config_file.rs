//! Writing the config file: a profile added or removed with everything else in the file kept
//! as it was — comments, order, spacing (toml_edit edits the document, not a re-serialized
//! copy of it). The file is written whole to a temporary file beside it, made readable by
//! its owner alone, and renamed over the old one.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Result;
use toml_edit::{value, DocumentMut, InlineTable, Item, Table};

use crate::error;

/// A profile as `otok profile add` writes it, its keys in this order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct NewProfile {
    pub provider: String,
    pub base_url: Option<String>,
    pub issuer: Option<String>,
    pub token_url: Option<String>,
    pub client_id: Option<String>,
    /// Where the client secret comes from, as a secret source table: (`env`, `NAME`).
    pub client_secret: Option<(String, String)>,
    pub auth_method: Option<String>,
    pub grant: Option<String>,
    pub scope: Vec<String>,
    pub username: Option<String>,
}

/// The config file otok reads: `--config`, else the default place.
pub fn path(explicit: Option<&Path>) -> Result<PathBuf> {
    match explicit {
        Some(path) => Ok(path.to_path_buf()),
        None => crate::config::default_path().ok_or_else(|| {
            error::config("there is no config directory for this user")
                .hint("give the file with --config or OTOK_CONFIG")
                .into()
        }),
    }
}

/// The document at `path`, or an empty one when there is no file yet.
fn read(path: &Path) -> Result<DocumentMut> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            return Err(error::config(format!(
                "cannot read the config file {}: {e}",
                path.display()
            ))
            .into())
        }
    };
    text.parse::<DocumentMut>().map_err(|e| {
        error::config(format!("bad config file {}: {e}", path.display()))
            .hint("fix it by hand first; otok changes a file it can read")
            .into()
    })
}

/// Fails when the file has a profile `name` already and it is not to be replaced: checked
/// before anything is asked or kept for the new one.
pub fn check_new(path: &Path, name: &str, replace: bool) -> Result<()> {
    let doc = read(path)?;
    let exists = doc.get("profiles").and_then(|p| p.get(name)).is_some();
    if exists && !replace {
        return Err(error::config(format!(
            "the config file {} already has a profile {name}",
            path.display()
        ))
        .hint("choose another name, or give --replace")
        .into());
    }
    Ok(())
}

/// Adds `profile` as `[profiles.NAME]`; an existing one of that name is an error unless
/// `replace`.
pub fn add(path: &Path, name: &str, profile: &NewProfile, replace: bool) -> Result<()> {
    let mut doc = read(path)?;
    let existing = doc
        .get("profiles")
        .and_then(|p| p.get(name))
        .and_then(Item::as_table)
        .map(|t| {
            t.decor()
                .prefix()
                .and_then(|p| p.as_str())
                .unwrap_or("")
                .to_string()
        });
    if existing.is_some() && !replace {
        return Err(error::config(format!(
            "the config file {} already has a profile {name}",
            path.display()
        ))
        .hint("choose another name, or give --replace")
        .into());
    }
    let mut table = table_of(profile);
    match existing {
        // In place of the old one, with the comments before it.
        Some(prefix) => {
            table.decor_mut().set_prefix(prefix);
        }
        // Comments after the last table are the document's trailing text, which toml_edit
        // prints after every table: they go before the new one, so they stay where they were.
        None => {
            let mut lead = doc.trailing().as_str().unwrap_or_default().to_string();
            if !lead.is_empty() {
                if !lead.ends_with("\n\n") {
                    lead.push('\n');
                }
                table.decor_mut().set_prefix(lead);
                doc.set_trailing("");
            }
        }
    }
    let profiles = doc
        .entry("profiles")
        .or_insert_with(|| {
            let mut table = Table::new();
            table.set_implicit(true);
            Item::Table(table)
        })
        .as_table_mut()
        .ok_or_else(|| error::config("`profiles` in the config file is not a table"))?;
    profiles.insert(name, Item::Table(table));
    write(path, &doc.to_string())
}

/// Removes `[profiles.NAME]`; false when there was none.
pub fn remove(path: &Path, name: &str) -> Result<bool> {
    let mut doc = read(path)?;
    let Some(profiles) = doc.get_mut("profiles").and_then(Item::as_table_mut) else {
        return Ok(false);
    };
    let Some(removed) = profiles.remove(name) else {
        return Ok(false);
    };
    // The comments before it were the end of what came before: they stay.
    let prefix = removed
        .as_table()
        .and_then(|t| t.decor().prefix())
        .and_then(|p| p.as_str())
        .unwrap_or_default()
        .to_string();
    if prefix.contains('#') {
        let kept = prefix.strip_suffix('\n').unwrap_or(&prefix);
        let trailing = doc.trailing().as_str().unwrap_or_default().to_string();
        doc.set_trailing(format!("{kept}{trailing}"));
    }
    write(path, &doc.to_string())?;
    Ok(true)
}

fn table_of(p: &NewProfile) -> Table {
    let mut table = Table::new();
    table["provider"] = value(p.provider.as_str());
    let text = [
        ("base_url", &p.base_url),
        ("issuer", &p.issuer),
        ("token_url", &p.token_url),
        ("client_id", &p.client_id),
    ];
    for (key, v) in text {
        if let Some(v) = v {
            table[key] = value(v.as_str());
        }
    }
    if let Some((kind, place)) = &p.client_secret {
        let mut source = InlineTable::new();
        source.insert(kind, place.as_str().into());
        table["client_secret"] = value(source);
    }
    for (key, v) in [("auth_method", &p.auth_method), ("grant", &p.grant)] {
        if let Some(v) = v {
            table[key] = value(v.as_str());
        }
    }
    if !p.scope.is_empty() {
        table["scope"] = value(p.scope.join(" "));
    }
    if let Some(user) = &p.username {
        table["username"] = value(user.as_str());
    }
    table
}

/// Writes `text` to `path` as a file its owner alone can read: a temporary file beside it,
/// renamed over it.
fn write(path: &Path, text: &str) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let failed = |e: std::io::Error| {
        error::config(format!(
            "cannot write the config file {}: {e}",
            path.display()
        ))
    };
    std::fs::create_dir_all(dir).map_err(failed)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".otok-config-")
        .tempfile_in(dir)
        .map_err(failed)?;
    tmp.write_all(text.as_bytes()).map_err(failed)?;
    tmp.as_file().sync_all().map_err(failed)?;
    tmp.persist(path).map_err(|e| failed(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_order_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        let before =
            "# my profiles\n[profiles.home] # the house\nprovider = \"myfox\"\n\n# the end\n";
        std::fs::write(&path, before).unwrap();
        let profile = NewProfile {
            provider: "generic".into(),
            issuer: Some("https://id.example".into()),
            client_id: Some("cli".into()),
            client_secret: Some(("env".into(), "CLI_SECRET".into())),
            scope: vec!["read".into(), "write".into()],
            ..NewProfile::default()
        };
        add(&path, "work", &profile, false).unwrap();
        let after = std::fs::read_to_string(&path).unwrap();
        assert!(after.starts_with(before), "{after}");
        assert!(after.ends_with(
            "[profiles.work]\nprovider = \"generic\"\nissuer = \"https://id.example\"\n\
             client_id = \"cli\"\nclient_secret = { env = \"CLI_SECRET\" }\nscope = \"read write\"\n"
        ), "{after}");
        assert!(add(&path, "work", &profile, false).is_err());
        assert!(remove(&path, "work").unwrap());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
        assert!(!remove(&path, "work").unwrap());
    }
}
