//! `otok kubeconfig PROFILE`: the `users` entry of a kubeconfig that makes kubectl run
//! `otok token PROFILE --format exec-credential` as its exec credential plugin.

use anyhow::Result;

use crate::cli::{Cli, KubeconfigArgs};
use crate::config::FileConfig;
use crate::error;
use crate::output::write_stdout;

pub fn run(cli: &Cli, args: &KubeconfigArgs) -> Result<()> {
    // The profile must exist, so that kubectl is not handed a plugin that can only fail.
    let (config, path) = FileConfig::load(cli.global.config.as_deref())?;
    if !config.profiles.contains_key(&args.profile) {
        return Err(error::config(format!("unknown profile `{}`", args.profile))
            .hint("kubectl's plugin runs `otok token PROFILE`: name a profile of the config file")
            .into());
    }
    let command = match &args.command {
        Some(path) => path.display().to_string(),
        None => "otok".into(),
    };
    let mut plugin_args = vec![
        "token".to_string(),
        args.profile.clone(),
        "--format".into(),
        "exec-credential".into(),
    ];
    if let (Some(_), Some(path)) = (&cli.global.config, &path) {
        plugin_args.push("--config".into());
        // kubectl runs the plugin from wherever it is run: the path must not be relative.
        let path = std::path::absolute(path).unwrap_or_else(|_| path.clone());
        plugin_args.push(path.display().to_string());
    }
    let user = args
        .user
        .clone()
        .unwrap_or_else(|| format!("otok-{}", args.profile));
    let mut text = String::from("users:\n");
    text.push_str(&format!("- name: {}\n", yaml(&user)));
    text.push_str("  user:\n    exec:\n");
    text.push_str("      apiVersion: client.authentication.k8s.io/v1\n");
    text.push_str(&format!("      command: {}\n", yaml(&command)));
    text.push_str("      args:\n");
    for arg in &plugin_args {
        text.push_str(&format!("      - {}\n", yaml(arg)));
    }
    text.push_str("      interactiveMode: IfAvailable\n");
    text.push_str("      provideClusterInfo: false\n");
    write_stdout(&text)
}

/// A YAML scalar: as it is when it is plainly safe, else double-quoted (JSON's quoting is
/// valid YAML).
fn yaml(value: &str) -> String {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
        && !value.starts_with(['-', '.']);
    if plain {
        value.to_string()
    } else {
        serde_json::Value::String(value.to_string()).to_string()
    }
}
