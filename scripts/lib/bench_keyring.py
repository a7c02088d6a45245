"""A Secret Service and otok's kernel key cache, for the keychain rows of scripts/bench.

When the caller's D-Bus session has no org.freedesktop.secrets, the bench runs again inside
`dbus-run-session` with a private gnome-keyring unlocked by a throwaway password, as
scripts/keyring-tests does; XDG_RUNTIME_DIR and XDG_DATA_HOME (where gnome-keyring keeps its
keyring files) point into a temporary directory, so the caller's own keyrings are not touched.

otok also keeps each keychain record in the kernel's key retention service, in the user
keyring, as a `user` key named `otok:TAG:KEY` (src/store/kernel.rs), where KEY is the entry's
username. kernel_keys finds the live keys of one entry in /proc/keys, and invalidate_kernel_keys
drops them (keyctl KEYCTL_INVALIDATE), so that otok's next read misses the kernel cache and asks
the Secret Service. Only that entry's keys are touched: the keys of other otok entries of the
same user, in this login session or another, stay.
"""

import ctypes
import os
import re
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


_PROC_KEYS = re.compile(
    r"^(?P<id>[0-9a-f]+) (?P<flags>\S{7}) +\d+ +\S+ +[0-9a-f]+ +\d+ +\d+ +user +"
    r"(?P<description>otok:[^:\s]*:[^:\s]+)(?:: \d+)?$"
)
SYS_KEYCTL = {"x86_64": 250, "aarch64": 219}  # the keyctl system call's number
KEYCTL_GET_KEYRING_ID, KEYCTL_INVALIDATE = 0, 21
KEY_SPEC_USER_KEYRING = -4


def kernel_keys(username):
    """The ids of the live kernel keys of the entry of username (`otok:TAG:username`)."""
    ids = []
    with open("/proc/keys") as keys:
        for line in keys:
            found = _PROC_KEYS.match(line.rstrip("\n"))
            # Flags: I instantiated, R revoked, D dead, Q quota, U under construction,
            # N negative, i invalidated.
            if (found and found["description"].endswith(":" + username)
                    and found["flags"][0] == "I" and not set(found["flags"]) & set("RDNi")):
                ids.append(int(found["id"], 16))
    return ids


def invalidate_kernel_keys(username):
    """Invalidate the kernel keys of the entry of username; how many there were."""
    ids = kernel_keys(username)
    for key in ids:
        if _keyctl(KEYCTL_INVALIDATE, key) != 0:
            errno = ctypes.get_errno()
            raise OSError(errno, f"keyctl(KEYCTL_INVALIDATE, {key:#x}) failed: "
                                 + os.strerror(errno))
    return len(ids)


def keyctl_refused():
    """Why this process may not use the kernel's keys (a seccomp filter, a kernel without
    them), or None when it may: the user keyring's id is asked for."""
    if _keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_USER_KEYRING, 0) >= 0:
        return None
    return f"keyctl(KEYCTL_GET_KEYRING_ID) failed: {os.strerror(ctypes.get_errno())}"


def _keyctl(operation, *args):
    """syscall(keyctl, operation, args…), every argument a long, as the kernel reads them."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    return libc.syscall(*[ctypes.c_long(arg)
                          for arg in (SYS_KEYCTL[os.uname().machine], operation, *args)])


def kernel_keys_unreachable():
    """Why the bench cannot see or drop kernel keys here, or None when it can."""
    machine = os.uname().machine
    if machine not in SYS_KEYCTL:
        return f"the number of the keyctl system call on {machine} is not known to the bench"
    if not os.path.exists("/proc/keys"):
        return "/proc/keys is missing (a kernel without CONFIG_KEYS)"
    return None


def _dbus_call(method, name):
    done = subprocess.run(
        ["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus",
         "/org/freedesktop/DBus", f"org.freedesktop.DBus.{method}", f"string:{name}"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, timeout=10, check=False,
    )
    return done.stdout if done.returncode == 0 else None
