"""The edges of output/: what is at the output path, permissions, builds killed or interrupted midway.

Each case runs the real `cklod build` and checks the exact line, the exit code and that output/ (and the
project around it) is byte for byte what it should be. Run as root, cklod runs without the capabilities that
let root ignore permission bits (setpriv), so read-only folders are read-only to it as to any user.
"""

from __future__ import annotations

import hashlib
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cklod.staging import publish_folder

AS_A_USER = (
    [
        "setpriv",
        "--inh-caps=-dac_override,-dac_read_search",
        "--bounding-set=-dac_override,-dac_read_search",
        "--",
    ]
    if os.geteuid() == 0
    else []
)
CKLOD = [*AS_A_USER, sys.executable, "-m", "cklod", "build"]
OLD = {"cklod.nq": b"the old build\n", "sub/file.txt": b"kept\n"}


def tree(folder: Path) -> str:
    """A digest of every path under ``folder`` (hidden ones included), with each file's bytes."""
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        h.update(path.relative_to(folder).as_posix().encode() + b"\0")
        if path.is_file() and not path.is_symlink():
            h.update(path.read_bytes())
    return h.hexdigest()


def cklod_build(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CKLOD, "--project", str(project), "-q", *args], capture_output=True, text=True)


def staging_left(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".output."))


@pytest.fixture(scope="module")
def new_tree(tmp_path_factory) -> str:
    """The tree a full build of the project gives."""
    from cklod.pipeline import build

    out = tmp_path_factory.mktemp("new") / "output"
    build(Path(__file__).resolve().parents[1], out, use_cache=False)
    return tree(out)


@pytest.fixture
def writable_again(project_copy):
    """Folders a test made read-only, made writable again afterwards so they can be removed."""
    made: list[Path] = []
    yield made.append
    for path in made:
        path.chmod(stat.S_IRWXU | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)


def test_a_file_at_the_output_path_is_refused_before_anything_is_written(project_copy):
    out = project_copy / "output"
    out.write_bytes(b"my notes, not a build\n")
    before = tree(project_copy)
    done = cklod_build(project_copy)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"error: {out}: is not a folder; refusing to replace it (move it away or build elsewhere)"
    ]
    assert tree(project_copy) == before  # no staging folder, no cache, the file as it was


def test_an_output_path_inside_a_file_is_refused(project_copy):
    (project_copy / "notes.txt").write_bytes(b"notes\n")
    before = tree(project_copy)
    done = cklod_build(project_copy, "--out", str(project_copy / "notes.txt" / "output"))
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"error: {project_copy / 'notes.txt'}: is not a folder; cannot build inside it"
    ]
    assert tree(project_copy) == before


def test_a_dangling_link_at_the_output_path_is_refused(project_copy):
    (project_copy / "output").symlink_to(project_copy / "gone")
    before = tree(project_copy)
    done = cklod_build(project_copy)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"error: {project_copy / 'output'}: is a dangling symbolic link; refusing to build into it"
    ]
    assert tree(project_copy) == before


def test_an_unwritable_output_folder_is_one_line(project_copy, writable_again):
    out = project_copy / "output"
    publish_folder(OLD, out)
    out.chmod(0o555)
    writable_again(out)
    before = tree(project_copy)
    done = cklod_build(project_copy)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"error: {out}: cannot be replaced: the folder is not writable (permission denied)"
    ]
    assert tree(project_copy) == before


def test_an_unwritable_folder_inside_output_is_one_line(project_copy, writable_again):
    out = project_copy / "output"
    publish_folder(OLD, out)
    (out / "sub").chmod(0o555)
    writable_again(out / "sub")
    before = tree(project_copy)
    done = cklod_build(project_copy)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"error: {out / 'sub'}: not writable (permission denied), so {out} cannot be replaced"
    ]
    assert tree(project_copy) == before


def test_an_unwritable_parent_is_one_line(project_copy, writable_again):
    project_copy.chmod(0o555)
    writable_again(project_copy)
    before = tree(project_copy)
    done = cklod_build(project_copy)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [f"error: {project_copy}: cannot write here (permission denied)"]
    assert tree(project_copy) == before


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_staging_folders_of_killed_builds_are_removed(project_copy, new_tree):
    dead = _dead_pid()
    stale = [f".output.new-{dead}-abc123", ".output.new-x7k2q9", f".output.old-{dead}"]
    for name in stale:
        publish_folder({"cklod.nq": b"half a build\n"}, project_copy / name)
    running = f".output.new-{os.getpid()}-live"  # a build still filling it: left alone
    publish_folder({"cklod.nq": b"in progress\n"}, project_copy / running)
    done = cklod_build(project_copy)
    assert done.returncode == 0, done.stderr
    assert staging_left(project_copy) == [running]
    assert tree(project_copy / "output") == new_tree


def _start(project: Path) -> subprocess.Popen:
    """A cold build (the stage times on stderr tell how far it is), over an old output/."""
    publish_folder(OLD, project / "output")
    cache = project / ".cklod"
    if cache.exists():
        subprocess.run(["rm", "-rf", str(cache)], check=True)
    cmd = [*CKLOD, "--project", str(project)]
    return subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)


def _wait_for(proc: subprocess.Popen, stage: str, delay: float) -> list[str]:
    """Stderr lines up to the one reporting ``stage``, then ``delay`` seconds more."""
    lines = []
    for line in proc.stderr:
        lines.append(line.rstrip("\n"))
        if line.strip().startswith(f"{stage}:"):
            break
    time.sleep(delay)
    return lines


MOMENTS = [("load", 0.0), ("map", 0.0), ("validate", 0.0)]
MOMENTS += [("validate", d) for d in (0.05, 0.1, 0.2, 0.3, 0.45)] + [("write", 0.0), ("rules", 0.0)]


def test_sigint_at_any_moment_leaves_the_old_or_the_new_output_and_says_which(project_copy, new_tree):
    old_tree = None
    seen = []
    out = project_copy / "output"
    for stage, delay in MOMENTS:
        proc = _start(project_copy)
        old_tree = old_tree or tree(out)
        lines = _wait_for(proc, stage, delay)
        proc.send_signal(signal.SIGINT)
        lines += proc.stderr.read().splitlines()
        code = proc.wait()
        now = tree(out)
        # A SIGINT landing after the build said it was done ("built …"), while Python exits, ends the process
        # with the signal's own status: the new output/ is whole and the summary line has said so.
        finished = any(line.startswith("built ") for line in lines)
        if code == 0 or (code == -signal.SIGINT and finished):
            assert now == new_tree
            seen.append("finished")
        else:
            assert code == 130, (stage, delay, "\n".join(lines))
            if now == old_tree:
                assert lines[-1] == f"interrupted: {out} is left as it was (the new build was not published)"
                seen.append("old")
            else:
                assert now == new_tree
                assert (
                    lines[-1]
                    == f"interrupted: {out} holds the new build (it was published before the interrupt)"
                )
                seen.append("new")
        assert staging_left(project_copy) == [], (stage, delay)
    assert "old" in seen, seen


def test_builds_killed_outright_leave_the_old_output_and_the_next_build_cleans_up(project_copy, new_tree):
    left = []
    # None: the moment the staging folder appears (the write stage takes ~0.2 s here, so fixed delays alone may
    # all miss it on a loaded machine); then fixed moments after validation
    for delay in (None, 0.0, 0.15, 0.3, 0.45, 0.6):
        proc = _start(project_copy)
        old_tree = tree(project_copy / "output")
        _wait_for(proc, "validate", delay or 0.0)  # into the write stage, which fills the staging folder
        while delay is None and proc.poll() is None and not staging_left(project_copy):
            time.sleep(0.001)
        proc.kill()
        proc.wait()
        assert tree(project_copy / "output") in (old_tree, new_tree)
        left += staging_left(project_copy)
        done = cklod_build(project_copy)
        assert done.returncode == 0, done.stderr
        assert staging_left(project_copy) == []
        assert tree(project_copy / "output") == new_tree
    assert left, "no kill landed while a staging folder existed"
