"""A Secret Service for the keychain row of scripts/bench.

When the caller's D-Bus session has no org.freedesktop.secrets, the bench runs again inside
`dbus-run-session` with a private gnome-keyring unlocked by a throwaway password, as
scripts/keyring-tests does; XDG_RUNTIME_DIR and XDG_DATA_HOME (where gnome-keyring keeps its
keyring files) point into a temporary directory, so the caller's own keyrings are not touched.
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SECRETS = "org.freedesktop.secrets"
TOOLS = ("dbus-run-session", "dbus-send", "gnome-keyring-daemon", "secret-tool")
INSIDE = "OTOK_BENCH_KEYRING_SESSION"  # set in the private session (never reaches otok)
INSTALL_HINT = "apt-get install dbus gnome-keyring libsecret-tools"


def missing_tools():
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def inside_private_session():
    return os.environ.get(INSIDE) == "1"


def bus_has_secrets():
    """True when the current session bus has a Secret Service owning its name."""
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS") or shutil.which("dbus-send") is None:
        return False
    reply = _dbus_call("NameHasOwner", SECRETS)
    return reply is not None and "boolean true" in reply


def rerun_in_private_session(script, argv):
    """Run script again under dbus-run-session; remove the runtime dir; exit with its status."""
    runtime = tempfile.mkdtemp(prefix="otok-bench-keyring.")
    os.chmod(runtime, 0o700)
    env = {**os.environ, INSIDE: "1", "XDG_RUNTIME_DIR": runtime,
           "XDG_DATA_HOME": os.path.join(runtime, "data")}
    proc = subprocess.Popen(["dbus-run-session", "--", sys.executable, script, *argv], env=env)
    signal.signal(signal.SIGTERM, lambda *_: proc.send_signal(signal.SIGTERM))
    try:
        status = _wait(proc)
    finally:
        shutil.rmtree(runtime, ignore_errors=True)
    sys.exit(status)


def _wait(proc):
    while True:
        try:
            code = proc.wait()
            return 128 + -code if code < 0 else code
        except KeyboardInterrupt:
            continue  # the child got the same Ctrl-C; wait for it to clean up


def start_private_daemon(timeout=10.0):
    """Start and unlock gnome-keyring on the private bus; its pid, or raise RuntimeError."""
    subprocess.run(
        ["gnome-keyring-daemon", "--unlock", "--components=secrets", "--daemonize"],
        input=b"throwaway-password", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        timeout=timeout, check=False,
    )
    deadline = time.monotonic() + timeout
    while not bus_has_secrets():
        if time.monotonic() > deadline:
            raise RuntimeError(f"gnome-keyring-daemon did not take {SECRETS} within {timeout:.0f} s")
        time.sleep(0.1)
    reply = _dbus_call("GetConnectionUnixProcessID", SECRETS) or ""
    words = reply.split()
    return int(words[-1]) if words and words[-1].isdigit() else None


def stop_daemon(pid):
    if pid:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass


def find_entry(env, token):
    """The attributes of otok's entry holding token. `secret-tool search --all` prints the
    attributes on stderr and the secrets on stdout, so each candidate is looked up again."""
    done = subprocess.run(
        ["secret-tool", "search", "--all", "service", "otok"], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=30,
    )
    for line in done.stderr.splitlines():
        name, _, value = line.partition(" = ")
        if name.strip() == "attribute.username":
            attributes = {"service": "otok", "username": value}
            if token in lookup(env, attributes):
                return attributes
    raise RuntimeError("no entry holding the token in `secret-tool search --all service otok`:\n"
                       + done.stderr)


def lookup_argv(attributes):
    return ["secret-tool", "lookup", *[word for pair in attributes.items() for word in pair]]


def lookup(env, attributes):
    done = subprocess.run(lookup_argv(attributes), env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, text=True, timeout=30, check=False)
    return done.stdout


def clear_entry(env, attributes):
    args = [word for pair in attributes.items() for word in pair]
    subprocess.run(["secret-tool", "clear", *args], env=env, timeout=30, check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _dbus_call(method, name):
    done = subprocess.run(
        ["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus",
         "/org/freedesktop/DBus", f"org.freedesktop.DBus.{method}", f"string:{name}"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, timeout=10, check=False,
    )
    return done.stdout if done.returncode == 0 else None
