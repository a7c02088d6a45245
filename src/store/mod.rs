//! The token store: where tokens live between runs, and the lock that makes many callers
//! share one token request.
//!
//! A [`Record`] is what is kept for one cache key: the tokens, their expiry and granted scope,
//! and enough to say what they are for. It never holds a client secret or a password. The
//! backends are the OS keychain, a file store under the data directory, and none; `auto` uses
//! the keychain and falls back to the file store when a keychain write fails. An index file
//! beside the file store lists the keys with their profile, so `status` and `forget --all` can
//! find entries in any backend.

mod file;
mod index;
#[cfg(target_os = "linux")]
mod kernel;
mod keychain;
mod lock;
mod private;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Result;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use index::IndexEntry;
pub use lock::KeyLock;

use crate::error::{Error, Kind};
use crate::secret::Secret;
use crate::token::TokenSet;
use crate::types::Backend;

/// What the store keeps for one cache key.
#[derive(Clone, Serialize, Deserialize, PartialEq)]
pub struct Record {
    pub profile: Option<String>,
    pub provider: String,
    pub client_id: String,
    #[serde(serialize_with = "crate::secret::plain")]
    pub access_token: Secret,
    pub token_type: String,
    pub issued_at: u64,
    #[serde(default)]
    pub expires_at: Option<u64>,
    #[serde(default)]
    pub scope: Vec<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::secret::plain_option"
    )]
    pub refresh_token: Option<Secret>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::secret::plain_option"
    )]
    pub id_token: Option<Secret>,
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub extra: Map<String, Value>,
    /// The DPoP key of the token (RFC 9449), kept with it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::secret::plain_option"
    )]
    pub dpop_key: Option<Secret>,
    /// The thumbprint of the client certificate the token was got over (RFC 8705).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x5t_s256: Option<String>,
}

/// Like [`TokenSet`]'s: the tokens redacted, the provider's extras by name only.
impl std::fmt::Debug for Record {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Record")
            .field("profile", &self.profile)
            .field("provider", &self.provider)
            .field("client_id", &self.client_id)
            .field("token", &self.token_set())
            .finish()
    }
}

impl Record {
    /// The record of `token`, got for `profile` (if one was used) from `provider` by
    /// `client_id`.
    pub fn new(profile: Option<&str>, provider: &str, client_id: &str, token: &TokenSet) -> Record {
        Record {
            profile: profile.map(str::to_string),
            provider: provider.to_string(),
            client_id: client_id.to_string(),
            access_token: token.access_token.clone(),
            token_type: token.token_type.clone(),
            issued_at: token.issued_at,
            expires_at: token.expires_at,
            scope: token.scope.clone(),
            refresh_token: token.refresh_token.clone(),
            id_token: token.id_token.clone(),
            extra: token.extra.clone(),
            dpop_key: token.binding.dpop_key.clone(),
            x5t_s256: token.binding.x5t_s256.clone(),
        }
    }

    pub fn token_set(&self) -> TokenSet {
        TokenSet {
            access_token: self.access_token.clone(),
            token_type: self.token_type.clone(),
            issued_at: self.issued_at,
            expires_at: self.expires_at,
            scope: self.scope.clone(),
            refresh_token: self.refresh_token.clone(),
            id_token: self.id_token.clone(),
            extra: self.extra.clone(),
            binding: crate::token::Binding {
                dpop_key: self.dpop_key.clone(),
                x5t_s256: self.x5t_s256.clone(),
            },
        }
    }

    /// Whether the access token may still be handed out at `now`: at least `min_ttl` seconds
    /// left, the margin capped at half the token's lifetime so that short-lived tokens are
    /// still reused. A token of unknown lifetime is taken to last an hour. A revoked access
    /// token (emptied, its refresh token kept) is never fresh.
    pub fn is_fresh(&self, now: u64, min_ttl: u64) -> bool {
        if self.access_token.expose().is_empty() {
            return false;
        }
        let expires_at = self.expires_at.unwrap_or(self.issued_at + 3600);
        let lifetime = expires_at.saturating_sub(self.issued_at);
        let margin = min_ttl.min(lifetime / 2);
        now + margin < expires_at
    }

    /// The JSON kept in the store; an id token that would make it large is left out.
    fn to_json(&self) -> Result<String> {
        let mut json = serde_json::to_string(self)?;
        if json.len() > keychain::PART_SIZE && self.id_token.is_some() {
            json = serde_json::to_string(&Record {
                id_token: None,
                ..self.clone()
            })?;
        }
        Ok(json)
    }
}

/// The keychain entry of a secret kept by name.
fn secret_entry(name: &str) -> String {
    format!("secret:{name}")
}

/// The version of the cache key's derivation; entries written under another are never served.
pub const KEY_VERSION: u32 = 2;

/// What a read found.
pub enum Lookup {
    Found(Box<Record>),
    Missing,
    /// An entry exists but cannot be read as a record; it is replaced on the next write.
    Corrupt(String),
}

/// How long the store waits: for a keychain call (a locked desktop keychain can block
/// forever), and for the lock of the index or of the installation key.
#[derive(Debug, Clone, Copy)]
pub struct Waits {
    pub keychain: Duration,
    /// `None`: 10 s for the index and the installation key, and what the caller computes for
    /// a token's lock.
    pub lock: Option<Duration>,
}

impl Default for Waits {
    fn default() -> Self {
        Waits {
            keychain: keychain::DEFAULT_TIMEOUT,
            lock: None,
        }
    }
}

/// How long to wait for the lock of the index or of the installation key, by default.
const SHORT_LOCK_WAIT: Duration = Duration::from_secs(10);

/// Where the last record read came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Nowhere,
    File,
    Keychain,
    /// The kernel's key cache in front of the keychain (Linux).
    KernelCache,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Nowhere => "nowhere",
            Origin::File => "file",
            Origin::Keychain => "keychain",
            Origin::KernelCache => "kernel key cache",
        }
    }
}

/// The store in use for this run.
pub struct Store {
    backend: Backend,
    waits: Waits,
    files: file::FileStore,
    index: index::Index,
    data_dir: PathBuf,
    origin: std::cell::Cell<Origin>,
}

static FALLBACK_SAID: AtomicBool = AtomicBool::new(false);

/// Drops the kernel's copy of `key`: the record was written elsewhere, or deleted, and the
/// copy would be served before it.
#[cfg_attr(not(target_os = "linux"), allow(unused_variables))]
fn forget_in_kernel(key: &str) {
    #[cfg(target_os = "linux")]
    kernel::delete(key);
}

/// Puts a record the keychain holds in the kernel's cache until its access token expires
/// (Linux; elsewhere nothing). A cache that cannot be written is said once: reads then go to
/// the keychain, which is slower, and the user should know why.
#[cfg_attr(not(target_os = "linux"), allow(unused_variables))]
fn cache_in_kernel(key: &str, record: &Record, json: &str) {
    #[cfg(target_os = "linux")]
    {
        static SAID: AtomicBool = AtomicBool::new(false);
        let now = crate::token::now();
        let expires_at = record.expires_at.unwrap_or(record.issued_at + 3600);
        if record.access_token.is_empty() || expires_at <= now {
            kernel::delete(key);
            return;
        }
        if let Err(why) = kernel::put(key, json, expires_at - now) {
            kernel::delete(key);
            if !SAID.swap(true, Ordering::SeqCst) {
                eprintln!(
                    "otok: warning: the kernel key cache cannot keep the token ({why}); every \
                     read asks the keychain, which is slower"
                );
            }
        }
    }
}

impl Store {
    pub fn open(backend: Backend, waits: Waits) -> Result<Store> {
        let data_dir = match backend {
            Backend::None => data_dir()?,
            _ => {
                let given = data_dir()?;
                let dir = private::data_dir(given.clone())?;
                // Tightened only when otok's own, never a link's target.
                private::ensure_dir(&dir, dir == given)?;
                dir
            }
        };
        Ok(Store {
            backend,
            waits,
            files: file::FileStore::new(&data_dir),
            index: index::Index::new(&data_dir, waits.lock.unwrap_or(SHORT_LOCK_WAIT)),
            data_dir,
            origin: std::cell::Cell::new(Origin::Nowhere),
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn waits(&self) -> Waits {
        self.waits
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Reads the record for `key`.
    pub fn get(&self, key: &str) -> Result<Lookup> {
        self.origin.set(Origin::Nowhere);
        let from_files = || {
            let found = self.files.get(key)?;
            if matches!(found, Lookup::Found(_)) {
                self.origin.set(Origin::File);
            }
            Ok(found)
        };
        match self.backend {
            Backend::None => Ok(Lookup::Missing),
            Backend::File => from_files(),
            Backend::Keyring => self.keychain_get(key),
            Backend::Auto => match self.keychain_get(key) {
                Ok(Lookup::Missing) | Err(_) => from_files(),
                found => found,
            },
        }
    }

    /// Where the last record [`Store::get`] found came from.
    pub fn origin(&self) -> Origin {
        self.origin.get()
    }

    /// A keychain read: the kernel's cache first, the keychain on a miss (and what it has is
    /// put back in the cache).
    fn keychain_get(&self, key: &str) -> Result<Lookup> {
        #[cfg(target_os = "linux")]
        if let Some(record) = kernel::get(key).and_then(|b| serde_json::from_slice(&b).ok()) {
            self.origin.set(Origin::KernelCache);
            return Ok(Lookup::Found(Box::new(record)));
        }
        let found = keychain::get(key, self.waits.keychain)?;
        if let Lookup::Found(record) = &found {
            self.origin.set(Origin::Keychain);
            if let Ok(json) = record.to_json() {
                cache_in_kernel(key, record, &json);
            }
        }
        Ok(found)
    }

    /// Writes the record for `key`, and notes it in the index.
    pub fn put(&self, key: &str, record: &Record) -> Result<()> {
        let json = record.to_json()?;
        let place = match self.backend {
            Backend::None => return Ok(()),
            Backend::File => {
                self.files.put(key, &json)?;
                forget_in_kernel(key);
                Backend::File
            }
            Backend::Keyring => {
                keychain::put(key, &json, self.waits.keychain)?;
                cache_in_kernel(key, record, &json);
                Backend::Keyring
            }
            Backend::Auto => match keychain::put(key, &json, self.waits.keychain) {
                Ok(()) => {
                    cache_in_kernel(key, record, &json);
                    self.files.delete(key)?;
                    Backend::Keyring
                }
                Err(e) => {
                    if !FALLBACK_SAID.swap(true, Ordering::SeqCst) {
                        eprintln!(
                            "otok: warning: cannot write to the keychain ({}); keeping the token in {} instead",
                            crate::scrub::scrub(&format!("{e:#}")),
                            self.files.dir().display()
                        );
                    }
                    self.files.put(key, &json)?;
                    forget_in_kernel(key);
                    Backend::File
                }
            },
        };
        // The token is stored: an index that cannot be updated (another otok stuck holding
        // its lock) costs only `status` and `forget --all` this entry, not the caller its token.
        if let Err(e) = self.index.note(key, record, place) {
            eprintln!(
                "otok: warning: the token is stored, but the index of stored tokens was not \
                 updated ({}); `otok status` may not list it",
                crate::scrub::scrub(&format!("{e:#}"))
            );
        }
        Ok(())
    }

    /// Deletes the record for `key` wherever it is; true if there was one.
    pub fn delete(&self, key: &str) -> Result<bool> {
        let mut found = false;
        forget_in_kernel(key);
        if matches!(self.backend, Backend::Keyring | Backend::Auto) {
            match keychain::delete(key, self.waits.keychain) {
                Ok(was) => found |= was,
                Err(e) if self.backend == Backend::Keyring => return Err(e),
                Err(_) => {}
            }
        }
        if self.backend != Backend::None && self.backend != Backend::Keyring {
            found |= self.files.delete(key)?;
        }
        if let Err(e) = self.index.remove(key) {
            eprintln!(
                "otok: warning: the index of stored tokens was not updated ({}); `otok status` \
                 may still list the deleted entry",
                crate::scrub::scrub(&format!("{e:#}"))
            );
        }
        Ok(found)
    }

    /// A secret kept in the keychain by name (`{ keyring = "NAME" }`): a client secret typed
    /// once into `otok profile add`. `None` when there is none.
    pub fn keychain_secret(&self, name: &str) -> Result<Option<Secret>> {
        let bytes = keychain::get_raw(&secret_entry(name), self.waits.keychain)?;
        bytes
            .map(|b| {
                String::from_utf8(b)
                    .map(Secret::new)
                    .map_err(|_| anyhow::anyhow!("the keychain entry secret:{name} is not text"))
            })
            .transpose()
    }

    /// Keeps a secret in the keychain by name.
    pub fn put_keychain_secret(&self, name: &str, secret: &Secret) -> Result<()> {
        keychain::put_raw(
            &secret_entry(name),
            secret.expose().as_bytes(),
            self.waits.keychain,
        )
    }

    /// Drops a secret kept by name; true if there was one.
    pub fn delete_keychain_secret(&self, name: &str) -> Result<bool> {
        keychain::delete(&secret_entry(name), self.waits.keychain)
    }

    /// A document kept between runs that is not a token (an issuer's discovery metadata),
    /// by its kind and what it is of; `None` without a store, or when there is none or it is
    /// not otok's own (a file another user could have written is never read).
    pub fn cached(&self, kind: &str, of: &str) -> Option<Vec<u8>> {
        if self.backend == Backend::None {
            return None;
        }
        private::read(&self.cache_path(kind, of)).ok().flatten()
    }

    /// Keeps a document (see [`Store::cached`]); failing to is not an error, only slower.
    pub fn cache(&self, kind: &str, of: &str, bytes: &[u8]) {
        if self.backend == Backend::None {
            return;
        }
        let path = self.cache_path(kind, of);
        let _ = private::ensure_dir(&self.data_dir.join("cache"), true)
            .and_then(|()| file::write_private(&path, bytes));
    }

    /// Drops a kept document.
    pub fn uncache(&self, kind: &str, of: &str) {
        let _ = std::fs::remove_file(self.cache_path(kind, of));
    }

    fn cache_path(&self, kind: &str, of: &str) -> PathBuf {
        let digest = ring::digest::digest(&ring::digest::SHA256, of.as_bytes());
        self.data_dir
            .join("cache")
            .join(format!("{kind}-{}.json", hex(&digest.as_ref()[..16])))
    }

    /// The keys the index knows, with their profile and where they were written.
    pub fn entries(&self) -> Result<Vec<(String, IndexEntry)>> {
        self.index.entries()
    }

    /// The installation key: 32 random bytes made once, from the OS random number generator,
    /// under which a secret that names a person (a MyQ card or PIN, a subject token) enters a
    /// cache key as an HMAC. It lives where the tokens do: in the keychain, or in a 0600 file
    /// beside the file store. Without a store, it lasts as long as the process.
    pub fn installation_key(&self) -> Result<[u8; 32]> {
        static KEY: std::sync::OnceLock<[u8; 32]> = std::sync::OnceLock::new();
        if let Some(key) = KEY.get() {
            return Ok(*key);
        }
        if self.backend == Backend::None {
            let key = new_installation_key()?;
            return Ok(*KEY.get_or_init(|| key));
        }
        let key = match self.find_installation_key()? {
            Some(key) => key,
            None => {
                // Made once: concurrent first callers wait for one another and find the key
                // the first one made, so that they compute one cache key between them.
                let wait = self.waits.lock.unwrap_or(SHORT_LOCK_WAIT);
                let _lock = KeyLock::acquire(&self.data_dir, INSTALLATION_KEY_FILE, wait)?;
                match self.find_installation_key()? {
                    Some(key) => key,
                    None => self.make_installation_key()?,
                }
            }
        };
        Ok(*KEY.get_or_init(|| key))
    }
}

impl Store {
    /// The installation key where this backend keeps it: the keychain's entry (for `auto`, the
    /// file's when the keychain has none or cannot be read), or the file's.
    fn find_installation_key(&self) -> Result<Option<[u8; 32]>> {
        let path = self.data_dir.join(INSTALLATION_KEY_FILE);
        let from_file = || -> Result<Option<[u8; 32]>> {
            file::read_private(&path)?
                .map(|bytes| parse_installation_key(&bytes, &path.display().to_string()))
                .transpose()
        };
        match self.backend {
            Backend::None => Ok(None),
            Backend::File => from_file(),
            Backend::Keyring | Backend::Auto => {
                match keychain::get_raw(INSTALLATION_KEY_ENTRY, self.waits.keychain) {
                    Ok(Some(bytes)) => {
                        Ok(Some(parse_installation_key(&bytes, "the keychain entry")?))
                    }
                    Ok(None) if self.backend == Backend::Keyring => Ok(None),
                    Err(e) if self.backend == Backend::Keyring => Err(e),
                    Ok(None) | Err(_) => from_file(),
                }
            }
        }
    }

    /// Makes the installation key and keeps it: in the keychain (for `auto`, in the file when
    /// the keychain cannot be written), or in the file.
    fn make_installation_key(&self) -> Result<[u8; 32]> {
        let key = new_installation_key()?;
        let path = self.data_dir.join(INSTALLATION_KEY_FILE);
        match self.backend {
            Backend::Keyring => keychain::put_raw(
                INSTALLATION_KEY_ENTRY,
                hex(&key).as_bytes(),
                self.waits.keychain,
            )?,
            Backend::Auto => {
                if keychain::put_raw(
                    INSTALLATION_KEY_ENTRY,
                    hex(&key).as_bytes(),
                    self.waits.keychain,
                )
                .is_err()
                {
                    file::write_private(&path, hex(&key).as_bytes())?;
                }
            }
            Backend::File | Backend::None => file::write_private(&path, hex(&key).as_bytes())?,
        }
        Ok(key)
    }
}

/// The keychain entry and the file (under the data directory) of the installation key.
const INSTALLATION_KEY_ENTRY: &str = "installation-key";
const INSTALLATION_KEY_FILE: &str = "installation-key";

fn new_installation_key() -> Result<[u8; 32]> {
    let mut key = [0u8; 32];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut key).map_err(|_| {
        Error::new(
            Kind::Internal,
            "the OS random number generator failed to make the installation key",
        )
    })?;
    Ok(key)
}

fn parse_installation_key(bytes: &[u8], place: &str) -> Result<[u8; 32]> {
    let text = std::str::from_utf8(bytes).unwrap_or("").trim();
    let mut key = [0u8; 32];
    let valid = text.len() == 64
        && key.iter_mut().enumerate().all(|(i, b)| {
            u8::from_str_radix(&text[2 * i..2 * i + 2], 16)
                .map(|v| *b = v)
                .is_ok()
        });
    if !valid {
        return Err(Error::new(
            Kind::Store,
            format!("the installation key in {place} is damaged (not 64 hex digits)"),
        )
        .hint("delete it and run `otok forget --all`: the tokens stored under it cannot be found without it")
        .into());
    }
    Ok(key)
}

/// Bytes as lowercase hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    hex::encode(bytes)
}

/// For `otok doctor`: writes a test entry to the keychain, reads it back and deletes it, each
/// call bounded by `wait`.
pub(crate) fn probe_keychain(wait: Duration) -> Result<()> {
    let key = format!("doctor-probe-{}", std::process::id());
    let value = b"otok doctor".to_vec();
    keychain::put_raw(&key, &value, wait)?;
    let back = keychain::get_raw(&key, wait);
    let deleted = keychain::delete(&key, wait);
    let wrong = match back? {
        Some(bytes) if bytes == value => None,
        Some(_) => Some("it gave back another value than the one written"),
        None => Some("the entry just written cannot be read back"),
    };
    if let Some(why) = wrong {
        return Err(Error::new(Kind::Store, format!("the keychain is unreliable: {why}")).into());
    }
    deleted.map(|_| ())
}

/// For `otok doctor`: adds a test key to the kernel key cache, reads it back and drops it.
#[cfg(target_os = "linux")]
pub(crate) fn probe_kernel_cache() -> Result<(), String> {
    let key = format!("doctor-probe-{}", std::process::id());
    kernel::put(&key, "otok doctor", 60)?;
    let back = kernel::get(&key);
    kernel::delete(&key);
    match back {
        Some(bytes) if bytes == b"otok doctor" => Ok(()),
        Some(_) => Err("it gave back another value than the one written".into()),
        None => Err("a key just added cannot be found".into()),
    }
}

/// What `otok doctor` found in the data directory.
pub(crate) struct DataDirState {
    /// The directory (a link's target).
    pub path: PathBuf,
    /// Its permission bits.
    pub mode: u32,
    /// How many of otok's files were checked.
    pub files: usize,
}

/// For `otok doctor`: the data directory and the files otok keeps in it (tokens, the index,
/// the installation key, kept metadata), checked as they are before every use: the
/// directories the user's own and writable by no one else, each file the user's, a regular
/// file, 0600. Nothing is created or changed; `None` when the directory does not exist yet.
/// The first problem is the error.
pub(crate) fn check_data_dir() -> Result<Option<DataDirState>> {
    let given = data_dir()?;
    let io = |path: &Path, e: std::io::Error| -> anyhow::Error {
        Error::new(Kind::Store, format!("cannot read {}: {e}", path.display())).into()
    };
    match std::fs::symlink_metadata(&given) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(&given, e)),
        Ok(_) => {}
    }
    let dir = private::data_dir(given)?;
    if !private::existing_dir(&dir, false)? {
        return Ok(None);
    }
    let mut files = 0;
    for sub in [dir.clone(), dir.join("tokens"), dir.join("cache")] {
        if sub != dir && !private::existing_dir(&sub, false)? {
            continue;
        }
        for entry in std::fs::read_dir(&sub).map_err(|e| io(&sub, e))? {
            let entry = entry.map_err(|e| io(&sub, e))?;
            let path = entry.path();
            let is_dir = entry.file_type().map_err(|e| io(&path, e))?.is_dir();
            let temporary = entry.file_name().to_string_lossy().starts_with(".tmp-");
            if is_dir || temporary {
                continue;
            }
            let options = &mut std::fs::OpenOptions::new();
            private::open(&path, options.read(true), private::Holds::Data)?;
            files += 1;
        }
    }
    #[cfg(unix)]
    let mode = std::os::unix::fs::PermissionsExt::mode(
        &std::fs::metadata(&dir)
            .map_err(|e| io(&dir, e))?
            .permissions(),
    ) & 0o777;
    #[cfg(not(unix))]
    let mode = 0o700;
    Ok(Some(DataDirState {
        path: dir,
        mode,
        files,
    }))
}

/// `OTOK_DATA_DIR`, else the platform's data directory for otok.
pub fn data_dir() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("OTOK_DATA_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "otok")
        .map(|dirs| dirs.data_local_dir().to_path_buf())
        .ok_or_else(|| {
            Error::new(
                Kind::Store,
                "cannot find a data directory for the file store",
            )
            .hint("set OTOK_DATA_DIR")
            .into()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(issued_at: u64, expires_at: Option<u64>) -> Record {
        Record {
            profile: None,
            provider: "p".into(),
            client_id: "c".into(),
            access_token: Secret::new("a"),
            token_type: "Bearer".into(),
            issued_at,
            expires_at,
            scope: vec![],
            refresh_token: None,
            id_token: None,
            extra: Map::new(),
            dpop_key: None,
            x5t_s256: None,
        }
    }

    #[test]
    fn a_record_never_shows_its_tokens_in_debug() {
        let mut r = record(1, Some(2));
        r.access_token = Secret::new("access-debug-7f3a");
        r.refresh_token = Some(Secret::new("refresh-debug-7f3a"));
        r.id_token = Some(Secret::new("id-debug-7f3a"));
        r.extra
            .insert("session".into(), Value::String("extra-debug-7f3a".into()));
        let shown = format!("{r:?} {:?}", r.token_set());
        assert!(!shown.contains("debug-7f3a"), "{shown}");
        // The store keeps them, as plain strings.
        let json = r.to_json().unwrap();
        assert!(
            json.contains("\"refresh_token\":\"refresh-debug-7f3a\""),
            "{json}"
        );
        let back: Record = serde_json::from_str(&json).unwrap();
        assert_eq!(back.refresh_token.unwrap().expose(), "refresh-debug-7f3a");
    }

    #[test]
    fn freshness_keeps_min_ttl_capped_at_half_the_lifetime() {
        let r = record(1000, Some(4600));
        assert!(r.is_fresh(4000, 60));
        assert!(!r.is_fresh(4541, 60));
        // A 60-second token with the default margin of 60 s is reused for its first 30 s.
        let short = record(1000, Some(1060));
        assert!(short.is_fresh(1029, 60));
        assert!(!short.is_fresh(1030, 60));
        assert!(!record(1000, Some(1000)).is_fresh(1000, 0));
    }
}
