//! Opening a URL for the person at the keyboard: `$BROWSER` when it is set (a command, or
//! several separated by `:`, each with `%s` for the URL or taking it as its last argument),
//! else the platform's opener.

use std::process::{Command, Stdio};

use anyhow::{anyhow, Result};

pub fn open(url: &str) -> Result<()> {
    let commands: Vec<Vec<String>> = match std::env::var("BROWSER") {
        Ok(browser) if !browser.trim().is_empty() => browser
            .split(':')
            .filter(|c| !c.trim().is_empty())
            .map(|c| with_url(c, url))
            .collect(),
        _ => vec![platform_opener(url)],
    };
    let mut last = anyhow!("no browser command");
    for argv in commands {
        let Some((program, args)) = argv.split_first() else {
            continue;
        };
        // The browser's own output must not mix with otok's stdout.
        match Command::new(program)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
        {
            Ok(_) => return Ok(()),
            Err(e) => last = anyhow!("cannot run {program}: {e}"),
        }
    }
    Err(last)
}

/// A `$BROWSER` entry as argv: `%s` replaced by the URL, or the URL appended.
fn with_url(command: &str, url: &str) -> Vec<String> {
    let words: Vec<&str> = command.split_whitespace().collect();
    if words.iter().any(|w| w.contains("%s")) {
        words.iter().map(|w| w.replace("%s", url)).collect()
    } else {
        words
            .iter()
            .map(|w| w.to_string())
            .chain([url.to_string()])
            .collect()
    }
}

fn platform_opener(url: &str) -> Vec<String> {
    let argv: &[&str] = if cfg!(target_os = "macos") {
        &["open"]
    } else if cfg!(windows) {
        &["rundll32", "url.dll,FileProtocolHandler"]
    } else {
        &["xdg-open"]
    };
    argv.iter()
        .map(|s| s.to_string())
        .chain([url.to_string()])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_commands_take_the_url() {
        assert_eq!(with_url("firefox", "u"), ["firefox", "u"]);
        assert_eq!(with_url("lynx -dump %s", "u"), ["lynx", "-dump", "u"]);
    }
}
