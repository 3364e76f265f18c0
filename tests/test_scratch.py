"""What a build interrupted or killed leaves behind: scratch folders, worker processes."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from cklod.dataset import GraphTexts
from cklod.scratch import scratch_folder
from cklod.staging import started_pool

KILLED = """
import os, signal, sys
from pathlib import Path
from cklod.dataset import GraphTexts
texts = GraphTexts(folder=Path(sys.argv[1]))
texts["doc"] = "<a> <b> <c> <g> .\\n"
print(texts.folder, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_graphs_a_killed_build_left_are_removed_by_the_next_build(tmp_path):
    done = subprocess.run([sys.executable, "-c", KILLED, str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == -signal.SIGKILL
    left = Path(done.stdout.strip())
    assert (left / "1.nq").is_file()  # no clean-up ran in the killed process
    texts = GraphTexts(folder=tmp_path)
    assert not left.exists()
    assert [p.name for p in tmp_path.iterdir()] == [texts.folder.name]


def test_a_running_process_keeps_its_scratch_folder(tmp_path):
    parent = tmp_path / f"cklod-graphs-{os.getppid()}-x1"  # the test runner's parent: running
    parent.mkdir()
    mine = scratch_folder("graphs", tmp_path)
    other_kind = scratch_folder("rules", tmp_path)
    assert parent.is_dir() and mine.is_dir() and other_kind.is_dir()
    assert mine.name.startswith(f"cklod-graphs-{os.getpid()}-")


def test_an_interrupt_while_a_pool_starts_is_raised_once_it_is_whole_and_its_workers_end():
    made = []

    def make():
        os.kill(os.getpid(), signal.SIGINT)  # lands while the pool's workers are being started
        made.append(multiprocessing.get_context("fork").Pool(2))
        return made[-1]

    ran = False
    with pytest.raises(KeyboardInterrupt), started_pool(make):
        ran = True
    assert made and not ran
    assert multiprocessing.active_children() == []  # terminated, not left behind
