"""The bench's growth figures (issue 21): the memory of a whole process group summed at
each instant, and the line fitted to build times."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from bench.scale_fit import linear_fit
from bench.tree_memory import TreeSampler

# A parent that holds 60 MB, then starts a child that holds 80 MB too, both alive at once.
_HOLD = (
    "import subprocess, sys, time\n"
    "held = bytearray(60_000_000)\n"
    "child = subprocess.Popen([sys.executable, '-c', "
    "'import time; held = bytearray(80_000_000); time.sleep(1)'])\n"
    "child.wait()\n"
)


def test_the_memory_of_a_process_group_is_summed_over_its_processes_at_each_instant():
    process = subprocess.Popen([sys.executable, "-c", _HOLD], start_new_session=True)
    sampler = TreeSampler(process.pid, interval=0.02)
    sampler.start()
    process.wait()
    sampler.done.set()
    sampler.join()
    peak = sampler.peak

    assert process.returncode == 0
    assert peak.processes == 2
    # Both processes at once: more than either alone, the child's own peak recorded.
    assert peak.pss_kb > 140_000 and peak.rss_kb >= peak.pss_kb
    assert 80_000 < peak.child_kb < 140_000
    assert any(name.startswith("python") for name in peak.by_command)


def test_a_linear_growth_is_fitted_exactly_and_found_linear():
    fit = linear_fit({10: 0.5, 100: 2.0 + 0.01 * 100, 1000: 12.0, 2000: 22.0, 5000: 52.0})

    assert fit is not None
    assert fit.sizes == [100, 1000, 2000, 5000]  # below N=100, fixed costs only
    assert fit.fixed == pytest.approx(2.0) and fit.per_item == pytest.approx(0.01)
    assert fit.at(3000) == pytest.approx(32.0)
    assert fit.worst_gap == pytest.approx(0.0, abs=1e-9)
    assert fit.extrapolation == pytest.approx(1.0)


def test_a_growth_faster_than_linear_shows_in_the_extrapolation():
    quadratic = {n: 1.0 + n * n / 1_000_000 for n in (100, 1000, 2000, 5000)}

    fit = linear_fit(quadratic)

    assert fit is not None and fit.extrapolation is not None
    assert fit.extrapolation > 1.5
    assert linear_fit({100: 1.0}) is None
    two = linear_fit({100: 1.0, 1000: 10.0})
    assert two is not None and two.extrapolation is None
