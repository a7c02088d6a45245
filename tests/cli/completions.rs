//! Shell completion: the committed scripts are what `otok completions SHELL` and
//! `COMPLETE=SHELL otok` print, and a TAB offers the config file's profiles and providers,
//! asked the way each shell's script asks (and, where the shell is installed, by the shell).

use crate::support::{Outcome, TestEnv};

const SHELLS: [(&str, &str); 5] = [
    ("bash", "otok.bash"),
    ("zsh", "_otok"),
    ("fish", "otok.fish"),
    ("powershell", "_otok.ps1"),
    ("elvish", "otok.elv"),
];

const CONFIG: &str = r#"
[profiles.work]
provider = "google-service-account"
[profiles.home]
provider = "myq"
base_url = "https://myq.example.com:8090"
[profiles.printer]
provider = "corp"
client_id = "printer"

[providers.corp]
token_url = "https://id.example.com/token"
"#;

const PROFILES: [&str; 3] = ["home", "printer", "work"];

/// Every subcommand whose first positional is a profile, as typed before it.
const PROFILE_POSITIONALS: [&[&str]; 16] = [
    &["token"],
    &["refresh"],
    &["status"],
    &["authorize"],
    &["revoke"],
    &["forget"],
    &["exec"],
    &["request"],
    &["inspect"],
    &["introspect"],
    &["kubeconfig"],
    &["git-credential"],
    &["dpop-proof"],
    &["doctor"],
    &["profile", "show"],
    &["profile", "remove"],
];

/// A test environment with the three-profile config in it; its path.
fn with_config() -> (TestEnv, std::path::PathBuf) {
    let env = TestEnv::new();
    let config = env.write("otok.toml", CONFIG);
    (env, config)
}

/// What otok answers to bash's script for `words`, the last being completed: the environment
/// and arguments the registration's `_clap_complete_otok` passes.
fn ask_as_bash(env: &TestEnv, config: Option<&std::path::Path>, words: &[&str]) -> Outcome {
    let mut otok = env
        .otok()
        .env("COMPLETE", "bash")
        .env("_CLAP_IFS", "\u{b}")
        .env("_CLAP_COMPLETE_INDEX", (words.len() - 1).to_string())
        .env("_CLAP_COMPLETE_COMP_TYPE", "9")
        .env("_CLAP_COMPLETE_SPACE", "false")
        .arg("--")
        .args(words);
    if let Some(config) = config {
        otok = otok.env("OTOK_CONFIG", config);
    }
    otok.run()
}

fn bash_candidates(out: &Outcome) -> Vec<String> {
    assert_eq!(out.stderr, "", "completion prints nothing on stderr");
    out.ok()
        .split('\u{b}')
        .filter(|c| !c.is_empty())
        .map(String::from)
        .collect()
}

/// What otok answers to fish's script: the words up to the cursor, then the word being
/// completed; one candidate a line, a tab before its description.
fn ask_as_fish(env: &TestEnv, config: &std::path::Path, words: &[&str]) -> Vec<String> {
    let out = env
        .otok()
        .env("COMPLETE", "fish")
        .env("OTOK_CONFIG", config)
        .arg("--")
        .args(words)
        .run();
    assert_eq!(out.stderr, "", "completion prints nothing on stderr");
    out.ok()
        .lines()
        .map(|line| line.split('\t').next().unwrap().to_string())
        .collect()
}

fn profiles_in(candidates: &[String]) -> Vec<&str> {
    candidates
        .iter()
        .map(String::as_str)
        .filter(|c| PROFILES.contains(c))
        .collect()
}

#[test]
fn committed_completions_are_current() {
    let env = TestEnv::new();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    for (shell, file) in SHELLS {
        let out = env.otok().args(["completions", shell]).run();
        let committed = std::fs::read_to_string(dir.join(file)).unwrap_or_default();
        assert!(
            out.ok().contains("COMPLETE"),
            "{shell} script asks otok for the candidates"
        );
        assert!(
            out.stdout == committed,
            "completions/{file} is stale: run scripts/update-completions and commit the result"
        );
    }
}

/// The file `otok completions SHELL` writes is the script the README's one line sources (for
/// zsh with the line that makes it work from $fpath too).
#[cfg(unix)]
#[test]
fn completions_print_what_complete_prints() {
    use std::os::unix::process::CommandExt;
    let env = TestEnv::new();
    for (shell, _) in SHELLS {
        let file = env
            .otok()
            .args(["completions", shell])
            .run()
            .ok()
            .to_string();
        let out = env
            .otok()
            .env("COMPLETE", shell)
            .std()
            .arg0("otok")
            .output()
            .unwrap();
        assert!(out.status.success() && out.stderr.is_empty());
        let sourced = String::from_utf8(out.stdout).unwrap();
        let rest = file
            .strip_prefix(&sourced)
            .unwrap_or_else(|| panic!("{shell}: `otok completions` is not `COMPLETE=` + more"));
        match shell {
            "zsh" => assert!(rest.contains("funcstack[1]} == _otok"), "{rest}"),
            _ => assert_eq!(rest, "", "{shell}"),
        }
    }
}

#[test]
fn bash_is_offered_the_profiles_first() {
    let (env, config) = with_config();
    let candidates = bash_candidates(&ask_as_bash(&env, Some(&config), &["otok", "token", ""]));
    assert_eq!(candidates[..3], PROFILES, "{candidates:?}");
    assert!(candidates.contains(&"--provider".to_string()));

    let candidates = bash_candidates(&ask_as_bash(&env, Some(&config), &["otok", "token", "p"]));
    assert_eq!(candidates, ["printer"]);
}

#[test]
fn every_profile_positional_is_offered_the_profiles() {
    let (env, config) = with_config();
    for typed in PROFILE_POSITIONALS {
        let words: Vec<&str> = ["otok"]
            .iter()
            .chain(typed.iter())
            .chain(&[""])
            .copied()
            .collect();
        let fish = ask_as_fish(&env, &config, &words);
        assert_eq!(profiles_in(&fish), PROFILES, "fish, {typed:?}: {fish:?}");
        let bash = bash_candidates(&ask_as_bash(&env, Some(&config), &words));
        assert_eq!(profiles_in(&bash), PROFILES, "bash, {typed:?}: {bash:?}");
    }
}

#[test]
fn fish_shows_each_profile_with_its_provider() {
    let (env, config) = with_config();
    let out = env
        .otok()
        .env("COMPLETE", "fish")
        .env("OTOK_CONFIG", &config)
        .args(["--", "otok", "status", ""])
        .run();
    let lines: Vec<&str> = out.ok().lines().take(3).collect();
    assert_eq!(
        lines,
        ["home\tmyq", "printer\tcorp", "work\tgoogle-service-account"]
    );
}

#[test]
fn git_credential_is_offered_profiles_and_operations() {
    let (env, config) = with_config();
    let words = ask_as_fish(&env, &config, &["otok", "git-credential", ""]);
    for expected in PROFILES.iter().chain(&["get", "store", "erase"]) {
        assert!(words.iter().any(|w| w == expected), "{expected}: {words:?}");
    }
    let setup = ["otok", "git-credential", "--setup", "github.com", ""];
    assert_eq!(ask_as_fish(&env, &config, &setup), PROFILES);
    let host = ["otok", "git-credential", "--setup", ""];
    assert_eq!(ask_as_fish(&env, &config, &host), Vec::<String>::new());
}

#[test]
fn the_config_on_the_line_is_the_one_read() {
    let (env, config) = with_config();
    let elsewhere = env.write("other.toml", "[profiles.elsewhere]\n");
    let config = config.to_str().unwrap();
    for words in [
        ["otok", "--config", config, "token", ""],
        ["otok", "token", "--config", config, ""],
    ] {
        let candidates = bash_candidates(&ask_as_bash(&env, Some(&elsewhere), &words));
        assert_eq!(profiles_in(&candidates), PROFILES, "{words:?}");
        assert!(!candidates.contains(&"elsewhere".into()));
    }
    let with_equals = format!("--config={config}");
    let words = ["otok", &with_equals, "forget", "h"];
    assert_eq!(bash_candidates(&ask_as_bash(&env, None, &words)), ["home"]);
    // What follows the cursor is not on the command line yet.
    let words = ["otok", "token", "", "--config", config];
    let out = env
        .otok()
        .env("COMPLETE", "bash")
        .env("_CLAP_COMPLETE_INDEX", "2")
        .env("OTOK_CONFIG", &elsewhere)
        .arg("--")
        .args(words)
        .run();
    assert!(out.ok().contains("elsewhere"), "{}", out.stdout);
}

#[cfg(target_os = "linux")]
#[test]
fn the_default_config_is_read_without_otok_config() {
    let env = TestEnv::new();
    std::fs::create_dir_all(env.path("config/otok")).unwrap();
    env.write("config/otok/config.toml", CONFIG);
    let candidates = bash_candidates(&ask_as_bash(&env, None, &["otok", "kubeconfig", ""]));
    assert_eq!(profiles_in(&candidates), PROFILES);
}

#[test]
fn provider_lists_the_builtins_and_the_config_files() {
    let (env, config) = with_config();
    let listed = env
        .otok()
        .config(&config)
        .args(["providers", "--json"])
        .run();
    let listed: Vec<serde_json::Value> = serde_json::from_str(listed.ok()).unwrap();
    let names: Vec<String> = listed
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect();
    assert!(names.contains(&"corp".to_string()) && names.contains(&"myq".to_string()));

    let words = ["otok", "token", "--provider", ""];
    assert_eq!(ask_as_fish(&env, &config, &words), names);
    assert_eq!(
        bash_candidates(&ask_as_bash(&env, Some(&config), &words)),
        names
    );

    let words = ["otok", "doctor", "--provider", "co"];
    assert_eq!(ask_as_fish(&env, &config, &words), ["corp"]);
    let words = ["otok", "status", "--provider=my"];
    assert_eq!(
        bash_candidates(&ask_as_bash(&env, Some(&config), &words)),
        [
            "--provider=myq",
            "--provider=myfox",
            "--provider=mypos",
            "--provider=mypos-sandbox"
        ]
    );
}

/// A config file otok cannot use offers no profiles, says nothing, and leaves the rest of the
/// completion working; one that a command would warn about completes silently.
#[test]
fn a_config_that_cannot_be_read_offers_no_profiles_and_says_nothing() {
    let env = TestEnv::new();
    std::fs::create_dir(env.path("a-directory")).unwrap();
    std::fs::write(env.path("not-utf8.toml"), b"[profiles.\xff]\n").unwrap();
    let unreadable = [
        env.path("missing.toml"),
        env.write("garbage.toml", "[profiles.work\nprovider = \n"),
        env.path("not-utf8.toml"),
        env.path("a-directory"),
    ];
    for config in &unreadable {
        let candidates = bash_candidates(&ask_as_bash(&env, Some(config), &["otok", "token", ""]));
        assert!(profiles_in(&candidates).is_empty(), "{config:?}");
        assert!(candidates.contains(&"--provider".to_string()), "{config:?}");
        let providers = ["otok", "token", "--provider", ""];
        let candidates = bash_candidates(&ask_as_bash(&env, Some(config), &providers));
        assert!(candidates.contains(&"generic".to_string()), "{config:?}");
    }

    let warned = env.write(
        "literal.toml",
        "[profiles.work]\nprovider = \"generic\"\nclient_secret = \"s3cret-71\"\n",
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&warned, std::fs::Permissions::from_mode(0o644)).unwrap();
        let status = env.otok().config(&warned).arg("status").arg("work").run();
        assert!(status.stderr.contains("warning"), "{}", status.stderr);
    }
    let candidates = bash_candidates(&ask_as_bash(&env, Some(&warned), &["otok", "token", ""]));
    assert_eq!(candidates[0], "work");
}

// The shells themselves, where they are installed: the registration sourced the way the
// README says, and a TAB asked of it.

#[cfg(unix)]
fn shell(env: &TestEnv, program: &str, script: &str) -> Option<Outcome> {
    let otok = assert_cmd::cargo::cargo_bin("otok");
    let mut path = std::ffi::OsString::from(otok.parent().unwrap());
    path.push(":");
    path.push(std::env::var_os("PATH").unwrap_or_default());
    let mut cmd = std::process::Command::new(program);
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("OTOK_") || key == "COMPLETE" {
            cmd.env_remove(key);
        }
    }
    let home = env.dir.path();
    cmd.env("PATH", path)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("OTOK_STORE", "none")
        .current_dir(home);
    let out = match program {
        "bash" => cmd.args(["--norc", "--noprofile", "-c", script]).output(),
        "fish" => cmd.args(["--no-config", "-c", script]).output(),
        _ => cmd.args(["-f", "-c", script]).output(),
    };
    let Ok(out) = out else {
        eprintln!("{program} is not installed: its completion is not tried");
        return None;
    };
    Some(Outcome {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    })
}

#[cfg(unix)]
#[test]
fn bash_completes_profiles_through_its_registration() {
    let (env, _) = with_config();
    // COMP_WORDS holds the words as typed: quotes and `~` are otok's to read.
    let script = r#"
        # bash 3.2 (macOS) sources nothing from a process substitution.
        if ((BASH_VERSINFO[0] >= 4)); then source <(COMPLETE=bash otok)
        else eval "$(COMPLETE=bash otok)"; fi
        complete -p otok | grep -q -- '-F _clap_complete_otok otok' || exit 9
        tab() {
            COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_TYPE=9
            COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
            _clap_complete_otok otok "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
            printf '%s\n' "${COMPREPLY[@]}" "=="
        }
        tab otok --config "'otok.toml'" token ''
        tab otok --config '~/otok.toml' profile show w
        tab otok --config otok.toml request --provider c
    "#;
    let Some(out) = shell(&env, "bash", script) else {
        return;
    };
    assert_eq!(out.stderr, "");
    let answers: Vec<&str> = out.ok().split("==\n").collect();
    assert_eq!(answers[0].lines().take(3).collect::<Vec<_>>(), PROFILES);
    assert_eq!(answers[1], "work\n");
    assert_eq!(answers[2], "corp\n");
}

#[cfg(unix)]
#[test]
fn fish_completes_profiles_through_its_registration() {
    let (env, config) = with_config();
    let script = format!(
        "COMPLETE=fish otok | source
        complete -C 'otok --config {} inspect '
        echo ==
        set -x OTOK_CONFIG {0}
        complete -C 'otok token --provider c'",
        config.display()
    );
    let Some(out) = shell(&env, "fish", &script) else {
        return;
    };
    assert_eq!(out.stderr, "");
    let answers: Vec<&str> = out.ok().split("==\n").collect();
    let first: Vec<&str> = answers[0].lines().take(3).collect();
    assert_eq!(
        first,
        ["home\tmyq", "printer\tcorp", "work\tgoogle-service-account"]
    );
    assert_eq!(answers[1], "corp\tdefined in the config file\n");
}

/// zsh autoloads the file from $fpath on the first TAB: that TAB is answered too.
#[cfg(unix)]
#[test]
fn zsh_completes_the_first_tab_from_fpath() {
    let (env, config) = with_config();
    let functions = env.path("functions");
    std::fs::create_dir(&functions).unwrap();
    let file = env.otok().args(["completions", "zsh"]).run();
    std::fs::write(functions.join("_otok"), file.ok()).unwrap();
    let script = format!(
        "fpath=({} $fpath)
        autoload -Uz compinit && compinit -u -D
        _describe() {{ print -l -- ${{(P)${{@[-1]}}}} }}
        words=(otok --config {} revoke '')
        CURRENT=5
        _otok",
        functions.display(),
        config.display()
    );
    let Some(out) = shell(&env, "zsh", &script) else {
        return;
    };
    assert_eq!(out.stderr, "");
    let first: Vec<&str> = out.ok().lines().take(3).collect();
    assert_eq!(
        first,
        ["home:myq", "printer:corp", "work:google-service-account"]
    );
}
