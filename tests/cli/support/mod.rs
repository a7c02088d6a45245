//! Test support: an isolated environment for running the `otok` binary, and loopback servers.

pub mod command;
pub mod dialogue;
pub mod jws;
pub mod providers;
pub mod rotating;
pub mod server;

use std::path::PathBuf;

pub use command::Otok;

/// A temp dir that stands in for the user's home, config and data directories. Commands built
/// from it inherit no `OTOK_*` or proxy variable from the developer's environment.
pub struct TestEnv {
    pub dir: tempfile::TempDir,
}

impl TestEnv {
    pub fn new() -> TestEnv {
        TestEnv {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes a file in the temp dir and returns its path.
    pub fn write(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// An `otok` command that runs in this environment: at home in the temp dir, with no
    /// store unless the test asks for one.
    pub fn otok(&self) -> Otok {
        let mut envs = Vec::new();
        for (key, _) in std::env::vars_os() {
            let key = key.to_string_lossy().to_string();
            if key.starts_with("OTOK_")
                || key.to_ascii_lowercase().ends_with("_proxy")
                || key == "GITHUB_ENV"
            {
                envs.push((key.into(), None));
            }
        }
        let home = self.dir.path();
        for (key, value) in [
            ("HOME", home.to_path_buf()),
            ("XDG_CONFIG_HOME", home.join("config")),
            ("XDG_DATA_HOME", home.join("data")),
            ("OTOK_DATA_DIR", self.data_dir()),
            ("OTOK_STORE", "none".into()),
        ] {
            envs.push((key.into(), Some(value.into())));
        }
        Otok::new(home, envs)
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("otok-data")
    }

    /// The records the file store holds, as JSON, in no particular order.
    pub fn stored_records(&self) -> Vec<serde_json::Value> {
        let Ok(entries) = std::fs::read_dir(self.data_dir().join("tokens")) else {
            return Vec::new();
        };
        entries
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .map(|path| serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap())
            .collect()
    }
}

/// What a finished `otok` run showed.
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    /// Asserts success and returns stdout.
    pub fn ok(&self) -> &str {
        assert_eq!(
            self.code, 0,
            "otok failed:\nstdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        &self.stdout
    }

    /// Asserts the exit code and that stderr contains each of `words`.
    pub fn fails(&self, code: i32, words: &[&str]) {
        assert_eq!(
            self.code, code,
            "wrong exit code:\nstdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        assert!(
            self.stdout.is_empty(),
            "stdout should be empty on failure: {}",
            self.stdout
        );
        for w in words {
            assert!(
                self.stderr.contains(w),
                "stderr lacks {w:?}:\n{}",
                self.stderr
            );
        }
        assert!(
            code == 2 || self.stderr.lines().any(|l| l.starts_with("otok: error: ")),
            "no `otok: error:` line: {}",
            self.stderr
        );
    }

    /// Fails if any of `secrets` shows in stdout or stderr.
    pub fn leaks_none(&self, secrets: &[&str]) {
        for s in secrets {
            assert!(
                !self.stdout.contains(s),
                "{s:?} leaked to stdout:\n{}",
                self.stdout
            );
            assert!(
                !self.stderr.contains(s),
                "{s:?} leaked to stderr:\n{}",
                self.stderr
            );
        }
    }
}
