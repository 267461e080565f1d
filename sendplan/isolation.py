"""Running a parser on untrusted bytes where it cannot hurt the server.

`run_isolated(function, *args)` forks a child process, has the operating system limit
it (address space: what it inherited plus ISOLATION_MEMORY_MB; CPU: ISOLATION_CPU_SECONDS),
runs `function(*args)` there, and gives back its return value. The parent waits at most
ISOLATION_WALL_SECONDS. A child that runs out of memory (MemoryError, or a native
library aborting on a failed allocation), is killed for CPU or wall time, or dies any
other way becomes `IsolationFailed`, and the web or worker process carries on with its
memory untouched. An exception the function raises on purpose is passed back and
raised in the parent, if it can be pickled with its arguments.

The answer comes back pickled, and is unpickled with only the classes the caller allows
(`allowed`, as {(module, name)}), so even a child taken over by a hostile file cannot
make the parent build anything else.

The child is forked (not spawned) so it starts in a few milliseconds with everything
already imported; it must not touch the database or any shared connection: the
functions run here read bytes and return plain values.
"""

import io
import multiprocessing
import os
import pickle
import resource
import signal

from django.conf import settings

_CONTEXT = multiprocessing.get_context("fork")


# Plain values any answer may hold.
SAFE_CLASSES = {
    ("builtins", "set"),
    ("builtins", "frozenset"),
    ("builtins", "slice"),
    ("datetime", "date"),
    ("datetime", "datetime"),
    ("datetime", "time"),
    ("datetime", "timedelta"),
    ("decimal", "Decimal"),
    ("copyreg", "_reconstructor"),
    ("builtins", "object"),
}


class _Unpickler(pickle.Unpickler):
    def __init__(self, data, allowed):
        super().__init__(io.BytesIO(data))
        self.allowed = SAFE_CLASSES | set(allowed)

    def find_class(self, module, name):
        if (module, name) not in self.allowed:
            raise pickle.UnpicklingError(f"{module}.{name} is not an allowed answer")
        return super().find_class(module, name)


class IsolationFailed(Exception):
    """The child gave no answer: out of memory, out of time, or killed. `reason` says which."""

    def __init__(self, reason):
        self.reason = reason
        super().__init__(reason)


def _address_space():
    """This process's virtual size in bytes (what a forked child starts with)."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[0])
    return pages * os.sysconf("SC_PAGE_SIZE")


def _limit(memory_bytes, cpu_seconds):
    try:
        inherited = _address_space()
    except OSError:  # no /proc: limit what the child may add to its current peak
        inherited = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    ceiling = inherited + memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))


def _child(connection, function, args, memory_bytes, cpu_seconds):
    try:
        _limit(memory_bytes, cpu_seconds)
        try:
            answer = ("ok", function(*args))
        except MemoryError:
            answer = ("failed", "memory")
        except Exception as error:  # noqa: BLE001 (handed to the parent to raise)
            answer = ("raised", error)
        try:
            payload = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001
            payload = pickle.dumps(("failed", "unpicklable answer"))
        connection.send_bytes(payload)
    except MemoryError:
        pass  # no answer: the parent reports the death
    finally:
        connection.close()
        os._exit(0)  # no atexit handlers, no Django or database teardown in the child


def run_isolated(function, *args, allowed=(), memory_mb=None, cpu_seconds=None, wall_seconds=None):
    memory_mb = memory_mb or settings.ISOLATION_MEMORY_MB
    cpu_seconds = cpu_seconds or settings.ISOLATION_CPU_SECONDS
    wall_seconds = wall_seconds or settings.ISOLATION_WALL_SECONDS
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    process = _CONTEXT.Process(
        target=_child,
        args=(sender, function, args, memory_mb * 1024 * 1024, cpu_seconds),
        daemon=True,
    )
    process.start()
    sender.close()
    try:
        if not receiver.poll(wall_seconds):
            raise IsolationFailed(_why(process, timed_out=True))
        try:
            payload = receiver.recv_bytes()
        except (EOFError, OSError):
            raise IsolationFailed(_why(process)) from None
        try:
            kind, value = _Unpickler(payload, allowed).load()
        except (pickle.UnpicklingError, ValueError, TypeError, EOFError) as error:
            raise IsolationFailed(f"unreadable answer: {error}") from None
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join(5)
    if kind == "ok":
        return value
    if kind == "raised":
        raise value
    raise IsolationFailed(value)


def _why(process, *, timed_out=False):
    if timed_out:
        process.kill()
        process.join(5)
        return "time"
    process.join(5)
    code = process.exitcode
    if code == -signal.SIGXCPU or code == -signal.SIGKILL:
        return "cpu"
    return "memory" if code in (-signal.SIGABRT, -signal.SIGSEGV, 1) else f"exit {code}"
