"""Memory of a whole build: every process of its process group, summed at each instant.

A build is MkDocs' process, the worker processes it forks and Pagefind: what the machine
must hold is their sum at the worst instant, not the peak of each taken apart (those
peaks need not coincide). Sampled from /proc every SAMPLE_SECONDS, the leader included.

Two sums are kept. The resident sets (RSS) count twice the pages a forked worker still
shares with MkDocs' process (copy-on-write): an upper bound. The proportional sets (PSS,
from /proc/PID/smaps_rollup) share each such page between the processes that map it:
what the machine really holds, the figure the target is checked against.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

# Pagefind's peak lasts seconds and the build's memory grows over tens of seconds: a
# twentieth of a second misses little, and reading /proc that often costs the bench
# about a percent of a core.
SAMPLE_SECONDS = 0.05


@dataclass
class TreeMemory:
    """Peaks over a build, in kilobytes."""

    pss_kb: int = 0
    rss_kb: int = 0
    # The most processes seen at once (MkDocs, its workers, Pagefind).
    processes: int = 0
    # The largest single child (not the leader): Pagefind or a worker, by its VmHWM.
    child_kb: int = 0
    samples: int = 0
    # The peak (VmHWM) of each kind of process by its command name: `pagefind`, and
    # `python` for MkDocs' workers (the leader is measured apart, exactly).
    by_command: dict[str, int] = field(default_factory=dict)


def _group_members(group: int) -> list[Path]:
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            # The fields after the command's closing parenthesis: state, ppid, pgrp…
            if int(stat.rsplit(")", 1)[1].split()[2]) == group:
                members.append(entry)
        except (OSError, ValueError, IndexError):
            continue
    return members


def _field_kb(text: str, name: str) -> int:
    for line in text.splitlines():
        if line.startswith(name):
            return int(line.split()[1])
    return 0


def _field_text(text: str, name: str) -> str:
    for line in text.splitlines():
        if line.startswith(name):
            return line.split(None, 1)[1].strip() if " " in line or "\t" in line else ""
    return ""


class TreeSampler(threading.Thread):
    """Samples one process group until `done` is set; its figures in `peak`."""

    def __init__(self, group: int, interval: float = SAMPLE_SECONDS) -> None:
        super().__init__(daemon=True)
        self.group = group
        self.interval = interval
        self.peak = TreeMemory()
        self.done = threading.Event()

    def run(self) -> None:
        while True:
            self.sample()
            if self.done.wait(self.interval):
                return

    def sample(self) -> None:
        pss = rss = count = 0
        for member in _group_members(self.group):
            try:
                status = (member / "status").read_text()
                rollup = (member / "smaps_rollup").read_text()
            except OSError:  # ended between the listing and the reading
                continue
            count += 1
            rss += _field_kb(status, "VmRSS:")
            pss += _field_kb(rollup, "Pss:")
            if int(member.name) != self.group:
                peak_kb = _field_kb(status, "VmHWM:")
                self.peak.child_kb = max(self.peak.child_kb, peak_kb)
                name = _field_text(status, "Name:")
                self.peak.by_command[name] = max(self.peak.by_command.get(name, 0), peak_kb)
        peak = self.peak
        peak.samples += 1
        peak.pss_kb = max(peak.pss_kb, pss)
        peak.rss_kb = max(peak.rss_kb, rss)
        peak.processes = max(peak.processes, count)
