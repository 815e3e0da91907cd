#!/usr/bin/env python3
"""Runs one command as a fresh process and reports what it cost, as JSON on stdout.

usage: measure.py CWD STDOUT_FILE STDERR_FILE -- COMMAND [ARGS...]

wall: seconds from spawn to exit; cpu: user + system seconds of the process (all its threads and
the children it waited for); maxrss: peak resident set size in MiB (Linux reports KiB). Node has
no way to read a child's rusage, hence this small wrapper (python3 is on every machine the
bench supports). Run from Python's side, its own start-up is outside the timed window.
"""
import json
import os
import subprocess
import sys
import time


def main() -> int:
    cwd, out_path, err_path = sys.argv[1:4]
    if sys.argv[4] != "--":
        raise SystemExit("usage: measure.py CWD STDOUT STDERR -- COMMAND ...")
    command = sys.argv[5:]
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    json.dump(
        {
            "wall": wall,
            "cpu": usage.ru_utime + usage.ru_stime,
            "user": usage.ru_utime,
            "sys": usage.ru_stime,
            "maxrssMiB": usage.ru_maxrss / 1024,
            "exitCode": process.returncode,
        },
        sys.stdout,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
