//! The config file: parsed as `otok` reads it, then each profile resolved to settings as a
//! token request would (no flags; secrets stay unread, so nothing runs and nothing is sent).
#![no_main]

use std::time::Instant;

use libfuzzer_sys::fuzz_target;
use otok::cli::RequestArgs;
use otok::config::{FileConfig, Settings, TokenEndpoint};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(config) = FileConfig::parse(text) else {
        return;
    };
    let args = RequestArgs::default();
    for name in config.profiles.keys() {
        match Settings::resolve(&config, Some(name), &args, None) {
            Ok(settings) => {
                // A token endpoint is given, or discovered from the issuer the settings name.
                match &settings.token_endpoint {
                    TokenEndpoint::Url(_) => {}
                    TokenEndpoint::Discover { issuer } => {
                        assert_eq!(Some(issuer), settings.issuer.as_ref())
                    }
                }
                // `token` waits up to three timeouts for a lock, and HTTP deadlines are set
                // from it: both must fit the clock.
                let deadline = settings
                    .timeout
                    .checked_mul(3)
                    .and_then(|wait| Instant::now().checked_add(wait));
                assert!(deadline.is_some(), "timeout {:?}", settings.timeout);
            }
            Err(err) => {
                let (code, text) = otok::error::report(&err);
                assert_eq!(code, 3, "{text}");
            }
        }
    }
    for name in config.providers.keys() {
        let provider = otok::provider::lookup(name, &config.providers).expect("a defined provider");
        assert_eq!(&provider.name, name);
    }
    let _ = Settings::resolve(&config, Some("absent"), &args, None);
});
