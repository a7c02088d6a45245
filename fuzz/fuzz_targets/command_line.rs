//! `otok`'s command line, read by `quick_parse` and by clap: wherever the quick parse answers,
//! clap must accept the line and read it the same. The input is a line of words separated by
//! NUL bytes; a word that is a single byte from 1 to `KNOWN.len()` stands for a word otok knows (an option,
//! a subcommand, a value one of its options takes), any other word is taken as it is, UTF-8 or
//! not.
#![no_main]

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

use clap::CommandFactory;
use libfuzzer_sys::fuzz_target;
use otok::cli::Cli;

const KNOWN: &[&str] = &[
    "token", "refresh", "-v", "--verbose", "--config", "--config=/c", "--provider", "myq",
    "--token-url", "--issuer", "--auth-method", "post", "basic", "--client-id", "--scope",
    "--scope=", "--audience", "--resource", "--grant", "client_credentials", "--store", "file",
    "none", "--min-ttl", "60", "--force", "--format", "json", "--env-var", "--param", "a=b",
    "--param-file", "k=/p", "--timeout", "--signing-alg", "ES256", "--assertion-audience",
    "--login-type", "card", "--dpop", "--client-secret-stdin", "--", "-", "-h", "--help",
    "--version", "=", "", "request", "/v1/items", "-X", "POST", "-H", "A: b", "-d", "--json",
    "--data-file", "-i", "--no-fail", "--api-url", "-XPOST",
];

fuzz_target!(|data: &[u8]| {
    let words: Vec<OsString> = data
        .split(|byte| *byte == 0)
        .map(|word| match word {
            [index] if (1..=KNOWN.len()).contains(&usize::from(*index)) => {
                OsString::from(KNOWN[usize::from(*index) - 1])
            }
            _ => OsString::from_vec(word.to_vec()),
        })
        .collect();
    let argv = || std::iter::once(OsString::from("otok")).chain(words.iter().cloned());
    let Some(quick) = otok::quick_parse::parse(argv()) else {
        return;
    };
    let clap = Cli::command()
        .try_get_matches_from(argv())
        .and_then(|mut matches| Cli::from_matches(&mut matches));
    match clap {
        Ok(clap) => assert_eq!(format!("{quick:?}"), format!("{clap:?}"), "{words:?}"),
        Err(e) => panic!("{words:?}: clap refuses it ({}), the quick parse read {quick:?}", e.kind()),
    }
});
