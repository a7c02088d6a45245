//! The committed completion scripts are exactly what `otok completions SHELL` prints.

use crate::support::TestEnv;

#[test]
fn committed_completions_are_current() {
    let env = TestEnv::new();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    for (shell, file) in [
        ("bash", "otok.bash"),
        ("zsh", "_otok"),
        ("fish", "otok.fish"),
        ("powershell", "_otok.ps1"),
        ("elvish", "otok.elv"),
    ] {
        let out = env.otok().args(["completions", shell]).run();
        let committed = std::fs::read_to_string(dir.join(file)).unwrap_or_default();
        assert!(
            out.ok().contains("token"),
            "{shell} script mentions the token command"
        );
        assert!(
            out.stdout == committed,
            "completions/{file} is stale: run scripts/update-completions and commit the result"
        );
    }
}
