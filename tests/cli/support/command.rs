//! A builder for one `otok` run, so that a test says what it runs in the words of the domain
//! (`env.otok().token().generic(&server).client("c").run()`) rather than in flag lists. It
//! keeps its arguments and environment as data, so a command can be run twice, cloned, or
//! handed to a test that spawns it and plays the browser.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

use super::server::Server;
use super::Outcome;

/// One `otok` command line with its environment; built by [`super::TestEnv::otok`].
#[derive(Clone)]
pub struct Otok {
    dir: PathBuf,
    args: Vec<OsString>,
    /// In order; `None` removes the variable.
    envs: Vec<(OsString, Option<OsString>)>,
    stdin: Option<Vec<u8>>,
    /// Shell commands run before otok replaces the shell (`exec`), for limits only a shell sets.
    prelude: Option<String>,
}

impl Otok {
    pub(super) fn new(dir: &Path, envs: Vec<(OsString, Option<OsString>)>) -> Otok {
        Otok {
            dir: dir.to_path_buf(),
            args: Vec::new(),
            envs,
            stdin: None,
            prelude: None,
        }
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Otok {
        self.args.push(arg.as_ref().to_owned());
        self
    }

    pub fn args<I: IntoIterator<Item = S>, S: AsRef<OsStr>>(mut self, args: I) -> Otok {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_owned()));
        self
    }

    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Otok {
        let value = Some(value.as_ref().to_owned());
        self.envs.push((key.as_ref().to_owned(), value));
        self
    }

    /// Removes a variable otok would otherwise inherit from the test runner's environment
    /// (`GITHUB_ACTIONS` when the tests themselves run in a workflow, say).
    pub fn env_remove(mut self, key: impl AsRef<OsStr>) -> Otok {
        self.envs.push((key.as_ref().to_owned(), None));
        self
    }

    /// What otok reads on stdin.
    pub fn stdin(mut self, input: impl Into<Vec<u8>>) -> Otok {
        self.stdin = Some(input.into());
        self
    }

    /// Runs otok from `sh -c "{prelude}; exec otok …"`, in the same environment.
    pub fn in_shell(mut self, prelude: &str) -> Otok {
        self.prelude = Some(prelude.to_string());
        self
    }

    // The subcommands.

    pub fn token(self) -> Otok {
        self.arg("token")
    }

    pub fn refresh(self) -> Otok {
        self.arg("refresh")
    }

    pub fn status(self) -> Otok {
        self.arg("status")
    }

    pub fn authorize(self) -> Otok {
        self.arg("authorize")
    }

    pub fn revoke(self) -> Otok {
        self.arg("revoke")
    }

    pub fn forget(self) -> Otok {
        self.arg("forget")
    }

    pub fn exec(self) -> Otok {
        self.arg("exec")
    }

    pub fn inspect(self) -> Otok {
        self.arg("inspect")
    }

    pub fn introspect(self) -> Otok {
        self.arg("introspect")
    }

    // Where the endpoints are.

    /// The generic provider with `server`'s `/token` as its token endpoint.
    pub fn generic(self, server: &Server) -> Otok {
        self.generic_at(format!("{}/token", server.url))
    }

    /// The generic provider with this token endpoint.
    pub fn generic_at(self, token_url: impl AsRef<OsStr>) -> Otok {
        self.args(["--provider", "generic", "--token-url"])
            .arg(token_url)
    }

    /// The generic provider with its endpoints from the issuer's discovery document.
    /// `authorize --device` against the generic provider at `server`: `/token`, and `/device`
    /// for the device authorization endpoint.
    pub fn device_flow(self, server: &Server) -> Otok {
        self.authorize()
            .arg("--device")
            .generic(server)
            .arg("--device-url")
            .arg(format!("{}/device", server.url))
    }

    pub fn issuer(self, issuer: &str) -> Otok {
        self.args(["--provider", "generic", "--issuer", issuer])
    }

    /// A provider by name, at its own default server.
    pub fn provider(self, name: &str) -> Otok {
        self.args(["--provider", name])
    }

    /// A provider by name, with every endpoint under `base_url`.
    pub fn provider_at(self, name: &str, base_url: &str) -> Otok {
        self.args(["--provider", name, "--base-url", base_url])
    }

    /// A profile of this config file.
    pub fn profile(self, name: &str, config: impl AsRef<OsStr>) -> Otok {
        self.arg(name).config(config)
    }

    pub fn config(self, path: impl AsRef<OsStr>) -> Otok {
        self.arg("--config").arg(path)
    }

    // The client and the rest.

    pub fn client(self, id: &str) -> Otok {
        self.args(["--client-id", id])
    }

    /// The client secret, given the way a script gives it: in `OTOK_CLIENT_SECRET`.
    pub fn secret(self, secret: &str) -> Otok {
        self.env("OTOK_CLIENT_SECRET", secret)
    }

    /// A public client: `--auth-method none`.
    pub fn public(self) -> Otok {
        self.args(["--auth-method", "none"])
    }

    pub fn store(self, backend: &str) -> Otok {
        self.args(["--store", backend])
    }

    pub fn format(self, format: &str) -> Otok {
        self.args(["--format", format])
    }

    pub fn verbose(self) -> Otok {
        self.arg("-v")
    }

    // Running it.

    /// Runs otok to its end and returns what it showed.
    pub fn run(&self) -> Outcome {
        let out = self.command().output().unwrap();
        Outcome {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// The command as `assert_cmd` runs it, with its stdin.
    pub fn command(&self) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::from_std(self.std());
        if let Some(input) = &self.stdin {
            cmd.write_stdin(input.clone());
        }
        cmd
    }

    /// The command as std builds it, to spawn (stdin is the caller's).
    pub fn std(&self) -> std::process::Command {
        let otok = assert_cmd::cargo::cargo_bin("otok");
        let mut cmd = match &self.prelude {
            None => std::process::Command::new(otok),
            Some(prelude) => {
                let mut sh = std::process::Command::new("sh");
                sh.arg("-c")
                    .arg(format!("{prelude}; exec \"$0\" \"$@\""))
                    .arg(otok);
                sh
            }
        };
        for (key, value) in &self.envs {
            match value {
                Some(value) => cmd.env(key, value),
                None => cmd.env_remove(key),
            };
        }
        cmd.args(&self.args).current_dir(&self.dir);
        cmd
    }
}
