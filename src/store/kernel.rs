//! The kernel's key retention service (keyutils) as a cache in front of the Secret Service, on
//! Linux: a D-Bus round trip to the keychain costs several milliseconds, a `keyctl` call a few
//! microseconds.
//!
//! Every record written to the keychain is also written here, to the user's keyring, as a
//! `user` key named `otok:TAG:KEY` that the kernel drops when the access token expires; a read
//! looks here first and asks the Secret Service only on a miss (after a reboot, or once the
//! key timed out), then puts what it found back. The user keyring belongs to the uid, not to a
//! login session: a CI job, a cron job or a `dbus-run-session` shell that has no session
//! keyring of its own finds the same keys. Keys live in kernel memory, never in a file, and
//! only processes of the same user can read them.
//!
//! `linux-keyutils` is the crate the keyring family's `linux-keyutils-keyring-store` is built
//! on; it is used directly because that store knows neither timeouts nor the user keyring.

use linux_keyutils::{KeyPermissionsBuilder, KeyRing, KeyRingIdentifier, Permission};

/// What a key of otok's is named: `otok:`, a tag of the keychain it mirrors, and the store
/// key. The tag is a digest of the D-Bus session's address: another login session, or a
/// private `dbus-run-session` with a keychain of its own, never reads this session's keys.
fn description(key: &str) -> String {
    static TAG: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let tag = TAG.get_or_init(|| {
        let bus = std::env::var("DBUS_SESSION_BUS_ADDRESS").unwrap_or_default();
        let digest = ring::digest::digest(&ring::digest::SHA256, bus.as_bytes());
        super::hex(&digest.as_ref()[..4])
    });
    format!("otok:{tag}:{key}")
}

fn keyring() -> Result<KeyRing, String> {
    KeyRing::from_special_id(KeyRingIdentifier::User, false)
        .map_err(|e| format!("no user keyring: {e:?}"))
}

/// The record kept for `key`, if the kernel still has it.
pub fn get(key: &str) -> Option<Vec<u8>> {
    let found = keyring().ok()?.search(&description(key)).ok()?;
    found.read_to_vec().ok()
}

/// Keeps `json` for `key` for `seconds`.
pub fn put(key: &str, json: &str, seconds: u64) -> Result<(), String> {
    let ring = keyring()?;
    let kept = ring
        .add_key(&description(key), json.as_bytes())
        .map_err(|e| format!("{e:?}"))?;
    // The user's own processes, whether or not they possess the keyring; nobody else.
    let perms = KeyPermissionsBuilder::builder()
        .posessor(Permission::ALL)
        .user(Permission::ALL)
        .build();
    let done = kept
        .set_perms(perms)
        .and_then(|()| kept.set_timeout(seconds.try_into().unwrap_or(usize::MAX)));
    if let Err(e) = done {
        let _ = kept.invalidate();
        return Err(format!("{e:?}"));
    }
    Ok(())
}

/// Drops the key of `key`, if there is one.
pub fn delete(key: &str) {
    if let Some(found) = keyring()
        .ok()
        .and_then(|r| r.search(&description(key)).ok())
    {
        let _ = found.invalidate();
    }
}
