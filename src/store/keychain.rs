//! The OS keychain through keyring-core and the platform's store crate: Secret Service on
//! Linux, Keychain on macOS, Credential Manager on Windows.
//!
//! Every call runs on a worker thread and is abandoned after a timeout, because a locked
//! desktop keychain can block forever waiting for a password prompt. A record larger than one
//! part (Windows caps a credential at 2560 bytes) is split: the main entry then holds
//! `{"parts":N}` and the parts live in entries `KEY.1` … `KEY.N`.

use std::sync::mpsc;
use std::sync::OnceLock;
use std::time::Duration;

use anyhow::Result;
use keyring_core::{Entry, Error as KeyringError};

use super::{Lookup, Record};
use crate::error::{Error, Kind};

/// The service name of every otok entry (`secret-tool search service otok`).
pub const SERVICE: &str = "otok";
/// The largest piece kept in one keychain entry, under Windows' 2560-byte limit.
pub const PART_SIZE: usize = 2048;
/// How long a keychain call may take when `OTOK_KEYCHAIN_TIMEOUT` does not say.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

/// Sets keyring-core's default store to the platform's, once per process.
fn init() -> Result<(), String> {
    static INIT: OnceLock<Result<(), String>> = OnceLock::new();
    INIT.get_or_init(|| {
        #[cfg(target_os = "linux")]
        let store = zbus_secret_service_keyring_store::Store::new().map_err(|e| e.to_string())?;
        #[cfg(target_os = "macos")]
        let store =
            apple_native_keyring_store::keychain::Store::new().map_err(|e| e.to_string())?;
        #[cfg(windows)]
        let store = windows_native_keyring_store::Store::new().map_err(|e| e.to_string())?;
        #[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
        return Err("no keychain is supported on this platform".to_string());
        #[cfg(any(target_os = "linux", target_os = "macos", windows))]
        {
            keyring_core::set_default_store(store);
            Ok(())
        }
    })
    .clone()
}

enum Failure {
    Unavailable(String),
    Keyring(KeyringError),
}

/// Runs `op` against the keychain on a worker thread, giving up after `wait`.
fn call<T: Send + 'static>(
    op: impl FnOnce() -> Result<T, KeyringError> + Send + 'static,
    wait: Duration,
) -> Result<T, Failure> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let result = match init() {
            Ok(()) => op().map_err(Failure::Keyring),
            Err(e) => Err(Failure::Unavailable(e)),
        };
        let _ = tx.send(result);
    });
    rx.recv_timeout(wait).unwrap_or_else(|_| {
        Err(Failure::Unavailable(format!(
            "the keychain did not answer within {} s",
            wait.as_secs_f64()
        )))
    })
}

fn unavailable(why: String) -> anyhow::Error {
    Error::new(Kind::Store, format!("the keychain is unavailable: {why}"))
        .hint("unlock the keychain, or use --store file (OTOK_STORE=file)")
        .into()
}

fn failure(f: Failure) -> anyhow::Error {
    match f {
        Failure::Unavailable(why) => unavailable(why),
        Failure::Keyring(e) => unavailable(e.to_string()),
    }
}

fn user(key: &str, part: usize) -> String {
    if part == 0 {
        key.to_string()
    } else {
        format!("{key}.{part}")
    }
}

/// Reads one entry: `None` when there is none.
fn read(key: String, wait: Duration) -> Result<Option<Vec<u8>>, Failure> {
    call(
        move || match Entry::new(SERVICE, &key)?.get_secret() {
            Ok(bytes) => Ok(Some(bytes)),
            Err(KeyringError::NoEntry) => Ok(None),
            Err(e) => Err(e),
        },
        wait,
    )
}

fn write(key: String, bytes: Vec<u8>, wait: Duration) -> Result<(), Failure> {
    call(move || Entry::new(SERVICE, &key)?.set_secret(&bytes), wait)
}

fn remove(key: String, wait: Duration) -> Result<bool, Failure> {
    call(
        move || match Entry::new(SERVICE, &key)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(KeyringError::NoEntry) => Ok(false),
            Err(e) => Err(e),
        },
        wait,
    )
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Parts {
    parts: usize,
}

pub fn get(key: &str, wait: Duration) -> Result<Lookup> {
    let Some(main) = read(user(key, 0), wait).map_err(failure)? else {
        return Ok(Lookup::Missing);
    };
    let bytes = match serde_json::from_slice::<Parts>(&main) {
        Ok(Parts { parts }) => {
            let mut all = Vec::new();
            for i in 1..=parts {
                match read(user(key, i), wait).map_err(failure)? {
                    Some(part) => all.extend(part),
                    None => {
                        return Ok(Lookup::Corrupt(format!(
                            "part {i} of {parts} is missing from the keychain"
                        )))
                    }
                }
            }
            all
        }
        Err(_) => main,
    };
    Ok(match serde_json::from_slice::<Record>(&bytes) {
        Ok(record) => Lookup::Found(Box::new(record)),
        Err(e) => Lookup::Corrupt(format!("the keychain entry is not a token record: {e}")),
    })
}

pub fn put(key: &str, json: &str, wait: Duration) -> Result<()> {
    let bytes = json.as_bytes();
    if bytes.len() <= PART_SIZE {
        write(user(key, 0), bytes.to_vec(), wait).map_err(failure)?;
        remove_parts(key, 1, wait)?;
        return Ok(());
    }
    let chunks: Vec<&[u8]> = bytes.chunks(PART_SIZE).collect();
    for (i, chunk) in chunks.iter().enumerate() {
        write(user(key, i + 1), chunk.to_vec(), wait).map_err(failure)?;
    }
    let header = serde_json::to_vec(&Parts {
        parts: chunks.len(),
    })?;
    write(user(key, 0), header, wait).map_err(failure)?;
    remove_parts(key, chunks.len() + 1, wait)
}

/// Deletes the parts from `from` on, left over from a larger record.
fn remove_parts(key: &str, from: usize, wait: Duration) -> Result<()> {
    let mut i = from;
    while remove(user(key, i), wait).map_err(failure)? {
        i += 1;
    }
    Ok(())
}

pub fn delete(key: &str, wait: Duration) -> Result<bool> {
    let found = remove(user(key, 0), wait).map_err(failure)?;
    remove_parts(key, 1, wait)?;
    Ok(found)
}

/// Reads a small entry that is not a token record (the installation key).
pub fn get_raw(key: &str, wait: Duration) -> Result<Option<Vec<u8>>> {
    read(key.to_string(), wait).map_err(failure)
}

/// Writes a small entry that is not a token record.
pub fn put_raw(key: &str, bytes: &[u8], wait: Duration) -> Result<()> {
    write(key.to_string(), bytes.to_vec(), wait).map_err(failure)
}
