"""Another OAuth 2.0 command-line client for scripts/bench to run beside otok.

oauth2token (crates.io, https://gitlab.com/romk/oauth2token) is a small Rust CLI of the same
kind: `oauth2token -g client_credentials -i ID -s SECRET URL` posts client_id, client_secret
and grant_type in a form body with ureq and prints the access token. The bench installs the
exact version it measures with `cargo install --locked` under the target directory, once: a
later run finds it there and does not build it again.
"""

import os
import subprocess

NAME, VERSION = "oauth2token", "0.1.1"
INSTALL_TIMEOUT = 900  # seconds; a cold build on two cores takes about one minute


def install(root, log):
    """(the path of oauth2token installed under root, None), or (None, why there is none)."""
    binary = os.path.join(root, "bin", NAME)
    if _version(binary) == f"{NAME} {VERSION}":
        return binary, None
    log(f"installing {NAME} {VERSION} into {root} (cargo install, once; about a minute)")
    # cargo install builds in a temporary directory of its own unless a target directory is
    # set: the one of otok's own build must not receive another crate's artifacts.
    env = {key: value for key, value in os.environ.items()
           if key not in ("CARGO_TARGET_DIR", "CARGO_BUILD_TARGET_DIR")}
    argv = ["cargo", "install", "--locked", NAME, "--version", VERSION, "--root", root]
    try:
        done = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, timeout=INSTALL_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as err:
        return None, f"skipped: `{' '.join(argv)}` failed ({err})"
    if done.returncode != 0 or _version(binary) != f"{NAME} {VERSION}":
        tail = [line.strip() for line in done.stdout.splitlines() if line.strip()][-2:]
        return None, (f"skipped: `{' '.join(argv[:-2])}` failed (exit {done.returncode}; "
                      "no network?): " + " / ".join(tail))
    return binary, None


def token_argv(binary, client_id, secret, token_url):
    return [binary, "-g", "client_credentials", "-i", client_id, "-s", secret, token_url]


def _version(binary):
    if not os.access(binary, os.X_OK):
        return None
    try:
        done = subprocess.run([binary, "--version"], stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                              timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None
