"""Stands for a kernel forked by the grading zygote (see ``zygote.py``); standard library only.

Run by the kernel manager as ``python -I -S _warm_client.py SOCKET ARGS...`` in place of
``python -m ipykernel_launcher ARGS...``: it starts in a few milliseconds, asks the zygote
for a kernel with ARGS, its working folder, environment and standard streams, passes every
signal it gets on to the kernel's process group, and exits with the kernel's status. When the
zygote cannot be reached or declines, it becomes an ordinary kernel instead (``exec``).
"""

import json
import os
import signal
import socket
import struct
import sys


def _cold_start(args: list[str]) -> None:
    os.execv(sys.executable, [sys.executable, "-m", "ipykernel_launcher", *args])


def main() -> None:
    path, args = sys.argv[1], sys.argv[2:]
    try:
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        conn.connect(path)
        payload = json.dumps({"argv": args, "cwd": os.getcwd(), "env": dict(os.environ)}).encode()
        socket.send_fds(conn, [struct.pack("!I", len(payload))], [0, 1, 2])
        conn.sendall(payload)
        replies = conn.makefile("rb")
        reply = json.loads(replies.readline() or b"{}")
    except (OSError, ValueError):
        reply = {}
    if "pid" not in reply:
        if reply.get("decline"):
            print(f"[warm kernel] a cold start instead: {reply['decline']}", file=sys.stderr)
        _cold_start(args)
    pid = int(reply["pid"])

    def forward(signum: int, _frame: object) -> None:
        try:
            os.killpg(pid, signum)
        except OSError:
            try:
                os.kill(pid, signum)
            except OSError:
                pass

    for signum in (
        signal.SIGINT,
        signal.SIGTERM,
        signal.SIGHUP,
        signal.SIGQUIT,
        signal.SIGUSR1,
        signal.SIGUSR2,
    ):
        signal.signal(signum, forward)
    line = replies.readline()
    code = json.loads(line).get("exit", 1) if line else 1
    if code < 0:  # killed by a signal: say so the way a process does
        signal.signal(-code, signal.SIG_DFL)
        os.kill(os.getpid(), -code)
    sys.exit(code)


if __name__ == "__main__":
    main()
