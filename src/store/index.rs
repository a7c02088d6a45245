//! The index: which keys have entries, for which profile and provider, in which backend. It
//! holds nothing secret; it exists because a keychain cannot be listed portably.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Result;
use serde::{Deserialize, Serialize};

use super::{file, KeyLock, Record};
use crate::types::Backend;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IndexEntry {
    pub profile: Option<String>,
    pub provider: String,
    /// `keyring` or `file`.
    pub backend: String,
    /// The derivation of the entry's key ([`super::KEY_VERSION`]); entries from before it had
    /// none, and their keys are never asked for again.
    #[serde(default = "first_version")]
    pub version: u32,
}

fn first_version() -> u32 {
    1
}

impl IndexEntry {
    /// Whether the entry was written under an older key derivation (never served, kept to be
    /// listed and forgotten).
    pub fn is_older(&self) -> bool {
        self.version < super::KEY_VERSION
    }
}

pub struct Index {
    data_dir: PathBuf,
    /// How long to wait for another otok writing the index.
    wait: Duration,
}

impl Index {
    pub fn new(data_dir: &Path, wait: Duration) -> Index {
        Index {
            data_dir: data_dir.to_path_buf(),
            wait,
        }
    }

    fn path(&self) -> PathBuf {
        self.data_dir.join("index.json")
    }

    /// The index; one that cannot be parsed is empty (it lists, it does not hold tokens), one
    /// that fails the store's checks is refused.
    fn read(&self) -> Result<BTreeMap<String, IndexEntry>> {
        Ok(file::read_private(&self.path())?
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default())
    }

    fn update(&self, change: impl FnOnce(&mut BTreeMap<String, IndexEntry>) -> bool) -> Result<()> {
        let _lock = KeyLock::acquire(&self.data_dir, "index", self.wait)?;
        let mut map = self.read()?;
        if change(&mut map) {
            file::write_private(&self.path(), serde_json::to_string_pretty(&map)?.as_bytes())?;
        }
        Ok(())
    }

    pub fn note(&self, key: &str, record: &Record, backend: Backend) -> Result<()> {
        let entry = IndexEntry {
            profile: record.profile.clone(),
            provider: record.provider.clone(),
            backend: backend.as_str().to_string(),
            version: super::KEY_VERSION,
        };
        self.update(|map| {
            let same = map.get(key).is_some_and(|e| {
                e.profile == entry.profile
                    && e.provider == entry.provider
                    && e.backend == entry.backend
                    && e.version == entry.version
            });
            if !same {
                map.insert(key.to_string(), entry);
            }
            !same
        })
    }

    pub fn remove(&self, key: &str) -> Result<()> {
        if !self.path().exists() {
            return Ok(());
        }
        self.update(|map| map.remove(key).is_some())
    }

    pub fn entries(&self) -> Result<Vec<(String, IndexEntry)>> {
        Ok(self.read()?.into_iter().collect())
    }
}
