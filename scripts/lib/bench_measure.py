"""Measuring child processes for scripts/bench: wall time, exit status, output and peak RSS.

Times: a child is started with subprocess.Popen, its output read to the end and it is reaped;
perf_counter runs around all of that.

Ratios come with an interval: the runs are paired (A B A B …), so ratio_interval resamples
the pairs with replacement and takes the ratio of the medians each time; the middle 95 % of
those ratios is how far the one ratio measured could have fallen with other runs like these.

Peak RSS needs care: Linux charges a process, when it execs, with the peak RSS of the memory
it had before (fs/exec.c, exec_mmap), and a child of Python execs from Python's own memory
(vfork) or from a copy of it (fork), so its ru_maxrss is never below Python's own. So
peak_rss starts the commands from /bin/sh instead, whose memory is tiny, makes this process
their subreaper (prctl PR_SET_CHILD_SUBREAPER) and reaps them itself with os.wait4, which
returns the usage of that one process (ru_maxrss, in KiB). Each command waits on a gate (the
shell's stdin) until the shell has exited, so the shell can never reap one first.
"""

import ctypes
import os
import random
import selectors
import statistics
import subprocess
import time
from dataclasses import dataclass

# A run that takes longer than this is stuck (a keychain prompt, a server that never answers).
RUN_TIMEOUT = 60.0


class BenchError(Exception):
    """Something broke: a command failed, printed the wrong thing, or a server is down."""


@dataclass
class Result:
    argv: list
    seconds: float
    returncode: int
    stdout: str
    stderr: str

    def describe(self):
        """The command, its exit status and its stderr, for an error message."""
        text = f"`{' '.join(self.argv)}` exited with {self.returncode}"
        if self.stderr.strip():
            text += ":\n" + self.stderr.rstrip()
        return text


def spawn(argv, env):
    return subprocess.Popen(
        argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def reap(proc, deadline):
    """Read all of proc's stdout and stderr, then wait for it: (stdout, stderr)."""
    out, err = _drain(proc, deadline)
    proc.wait()
    return out.decode(errors="replace"), err.decode(errors="replace")


def run(argv, env):
    """Run argv once; the time covers starting it, reading its output and reaping it."""
    start = time.perf_counter()
    proc = spawn(argv, env)
    out, err = reap(proc, start + RUN_TIMEOUT)
    seconds = time.perf_counter() - start
    return Result(list(argv), seconds, proc.returncode, out, err)


def run_many(argv, env, count):
    """Start count copies of argv at once; (wall seconds until the last is reaped, results)."""
    start = time.perf_counter()
    procs = [spawn(argv, env) for _ in range(count)]
    reaped = [reap(proc, start + RUN_TIMEOUT) for proc in procs]
    seconds = time.perf_counter() - start
    results = [
        Result(list(argv), seconds, proc.returncode, out, err)
        for proc, (out, err) in zip(procs, reaped)
    ]
    return seconds, results


_GATED_START = """\
count=$1 pidfile=$2; shift 2; i=0
exec 3<&0  # the gate; a background command's own stdin is /dev/null
while [ "$i" -lt "$count" ]; do
  (read -r _ <&3; exec "$@" </dev/null 3<&-) &
  echo "$!" >>"$pidfile"
  i=$((i + 1))
done
"""


def peak_rss(argv, env, count, scratch):
    """Run count copies of argv at once from /bin/sh; (stdout, stderr, [(exit code, KiB)])."""
    pidfile = os.path.join(scratch, "peak-rss.pids")
    open(pidfile, "w").close()
    deadline = time.perf_counter() + RUN_TIMEOUT
    _set_subreaper(True)
    try:
        shell = subprocess.Popen(
            ["/bin/sh", "-c", _GATED_START, "sh", str(count), pidfile, *argv], env=env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        shell.wait(timeout=RUN_TIMEOUT)  # the commands wait on the gate, now adopted by us
        with open(pidfile) as pids_file:
            pids = [int(word) for word in pids_file.read().split()]
        shell.stdin.close()  # opens the gate: every `read` sees end of file
        out, err = _drain(shell, deadline)
        usage = []
        for pid in pids:
            _, status, rusage = os.wait4(pid, 0)
            usage.append((os.waitstatus_to_exitcode(status), rusage.ru_maxrss))
    finally:
        _set_subreaper(False)
    return out.decode(errors="replace"), err.decode(errors="replace"), usage


def _set_subreaper(on):
    PR_SET_CHILD_SUBREAPER = 36
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, int(on), 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed")


def _drain(proc, deadline):
    chunks = {proc.stdout: [], proc.stderr: []}
    with selectors.DefaultSelector() as selector:
        for stream in chunks:
            selector.register(stream, selectors.EVENT_READ)
        while selector.get_map():
            remaining = deadline - time.perf_counter()
            events = selector.select(max(remaining, 0)) if remaining > 0 else []
            if not events:
                proc.kill()
                proc.wait()
                raise BenchError(f"`{' '.join(proc.args)}` took more than {RUN_TIMEOUT:.0f} s")
            for key, _ in events:
                data = os.read(key.fd, 65536)
                if data:
                    chunks[key.fileobj].append(data)
                else:
                    selector.unregister(key.fileobj)
                    key.fileobj.close()
    return b"".join(chunks[proc.stdout]), b"".join(chunks[proc.stderr])


def interleave(commands, runs, warmup):
    """Call the commands in turn (A B A B …) after warm-up rounds; a list of returns for each."""
    for _ in range(warmup):
        for command in commands:
            command()
    samples = [[] for _ in commands]
    for _ in range(runs):
        for command, returns in zip(commands, samples):
            returns.append(command())
    return samples


def summary_ms(seconds):
    """Median, quartiles and extremes of a list of durations, in milliseconds."""
    ms = sorted(s * 1000 for s in seconds)
    quartiles = statistics.quantiles(ms, n=4) if len(ms) > 1 else [ms[0]] * 3
    return {
        "median": statistics.median(ms),
        "p25": quartiles[0],
        "p75": quartiles[2],
        "min": ms[0],
        "max": ms[-1],
        "runs": len(ms),
    }


def ratio_interval(subject, baseline, resamples=2000, level=0.95):
    """The 95 % bootstrap interval of median(subject) / median(baseline), where subject[i]
    and baseline[i] ran in the same round. Seeded, so that one set of runs gives one
    interval."""
    pairs = list(zip(subject, baseline))
    rng = random.Random(0)
    ratios = []
    for _ in range(resamples):
        drawn = [rng.choice(pairs) for _ in pairs]
        below = statistics.median(base for _, base in drawn)
        if below <= 0:
            return None  # no ratio for this draw: no interval rather than a skewed one
        ratios.append(statistics.median(subj for subj, _ in drawn) / below)
    ratios.sort()
    if not ratios:
        return None
    cut = int(len(ratios) * (1 - level) / 2)
    return ratios[cut], ratios[len(ratios) - 1 - cut]


def could_flip(passed, ratios, intervals, target):
    """Whether runs like these could have given the other verdict: a PASS where some ratio's
    interval reaches above the target; a MISS where every ratio above the target has an
    interval reaching down to it. A ratio without an interval counts as certain."""
    if passed:
        return any(interval and interval[1] > target for interval in intervals.values())
    return all(intervals.get(kind) and intervals[kind][0] <= target
               for kind, ratio in ratios.items() if ratio > target)
