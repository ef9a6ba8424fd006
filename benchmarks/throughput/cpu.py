"""CPU accounting while the load runs, and the first reading of what bounds a figure.

Throughput alone does not say whether the platform, the client, PostgreSQL or someone else's
work was the limit, so every figure is printed next to the CPU each of them used.
"""

from __future__ import annotations

import os
import resource
import threading
import time
from typing import Any

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def own_cpu_seconds() -> float:
    """CPU seconds (user + system) this process has used: a load process's own cost (getrusage)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _proc_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by one process; 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    except (OSError, IndexError, ValueError):
        return 0.0


def _pids_named(name: str) -> list[int]:
    """Pids whose command name is ``name``: PostgreSQL runs one process per backend."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/comm") as f:
                    if f.read().strip() == name:
                        pids.append(int(entry))
            except OSError:
                continue
    return pids


def find_platform_pid(port: int) -> int | None:
    """The ``python -m sandbox serve`` process listening on ``port`` (read from its environment)."""
    wanted = f"SANDBOX_PORT={port}".encode()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmdline = f.read().split(b"\0")
            if b"sandbox" not in cmdline or b"serve" not in cmdline:
                continue
            with open(f"/proc/{entry}/environ", "rb") as f:
                if wanted in f.read().split(b"\0"):
                    return int(entry)
        except OSError:
            continue
    return None


def machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies of all CPUs since boot (/proc/stat)."""
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return sum(values) - idle, sum(values)


def busy_share(first: tuple[float, float], last: tuple[float, float]) -> float:
    """Share (0..1) of all CPUs busy between two ``machine_busy()`` readings."""
    return (last[0] - first[0]) / max(1, last[1] - first[1])


def background_cores(seconds: float = 1.0) -> float:
    """Cores busy over ``seconds`` before our load starts: how busy the machine is anyway."""
    first = machine_busy()
    time.sleep(seconds)
    return busy_share(first, machine_busy()) * (os.cpu_count() or 1)


class SystemSampler:
    """Samples server, PostgreSQL and machine CPU at the start and end of the measured window."""

    def __init__(self, server_pid: int | None, window_start: float, window_end: float) -> None:
        self.server_pid = server_pid
        self.window = (window_start, window_end)
        self.samples: list[dict[str, Any]] = []
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> dict[str, Any]:
        postgres = {pid: _proc_cpu(pid) for pid in _pids_named("postgres")}
        return {
            "t": time.monotonic(),
            "server": _proc_cpu(self.server_pid) if self.server_pid else 0.0,
            "postgres": postgres,
            "machine": machine_busy(),
        }

    def _run(self) -> None:
        for moment in self.window:
            time.sleep(max(0.0, moment - time.monotonic()))
            self.samples.append(self._sample())

    def start(self) -> None:
        self.thread.start()

    def result(self) -> dict[str, float | None]:
        """Cores used by the platform and PostgreSQL, and the machine's busy share, over the window."""
        self.thread.join(timeout=5)
        if len(self.samples) < 2:
            return {"server_cores": None, "postgres_cores": None, "machine_busy": None}
        first, last = self.samples
        elapsed = last["t"] - first["t"]
        # backends that ended during the window are lost; backends started in it count from 0
        pg = sum(cpu - first["postgres"].get(pid, 0.0) for pid, cpu in last["postgres"].items())
        return {
            "server_cores": (last["server"] - first["server"]) / elapsed if self.server_pid else None,
            "postgres_cores": pg / elapsed,
            "machine_busy": busy_share(first["machine"], last["machine"]),
        }

    @staticmethod
    def other_cores(result: dict[str, Any]) -> float | None:
        """Cores busy with anything but the load, the platform and PostgreSQL (other work on the machine)."""
        if result.get("machine_busy") is None:
            return None
        ours = result["client_cores"] + (result.get("server_cores") or 0.0) + (result.get("postgres_cores") or 0.0)
        return max(0.0, result["machine_busy"] * (os.cpu_count() or 1) - ours)


def judge_bound(result: dict[str, Any]) -> str:
    """A first reading of what limits the figure; the README explains how to check it."""
    cpus = os.cpu_count() or 1
    server, busy = result.get("server_cores"), result.get("machine_busy")
    if result["client_cores_max_process"] >= 0.85:
        return "client CPU (a load process is at one core)"
    if server is not None and server >= 0.85:
        return "platform CPU (one process = one core)"
    if busy is not None and busy >= 0.9:
        other = result.get("other_cores") or 0.0
        return f"machine CPU ({cpus} cores busy{f', {other:.1f} by other work' if other >= 0.25 else ''})"
    return "waiting (DB locks/round trips), not CPU"
