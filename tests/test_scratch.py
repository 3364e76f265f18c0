"""Scratch folders a build killed hard left behind are removed by the next build's."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from cklod.dataset import GraphTexts
from cklod.scratch import scratch_folder

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
