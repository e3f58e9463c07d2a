"""Binder lands the learner in their workspace: binder/postBuild, run the way repo2docker runs it.

repo2docker runs ``binder/postBuild`` once, in the repository's root, with the image's Python
on the PATH. Here it runs in a copy of the repository with this Python on the PATH (its
``pip install`` step replaced by a no-op: the course is installed already) and a fresh HOME.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.nbgrader


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path, subprocess.CompletedProcess]:
    repo = tmp_path_factory.mktemp("binder-repo")
    home = tmp_path_factory.mktemp("binder-home")
    for name in ("binder", "tools", "notebooks"):
        shutil.copytree(
            ROOT / name, repo / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
        )
    shutil.copy(ROOT / "constraints.txt", repo)
    shims = tmp_path_factory.mktemp("binder-bin")
    python = shims / "python"
    python.write_text(
        "#!/usr/bin/env bash\n"
        '[ "$1 $2" = "-m pip" ] && { echo "pip $*" >> "$HOME/pip.log"; exit 0; }\n'
        f'exec {sys.executable} "$@"\n'
    )
    python.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER_")}
    env.update(
        HOME=str(home), PATH=f"{shims}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    )
    result = subprocess.run(
        ["bash", str(repo / "binder" / "postBuild")],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return repo, home, result


def test_post_build_is_executable_and_succeeds(built):
    """Would repo2docker run binder/postBuild (executable) and see it succeed?"""
    repo, _, result = built
    assert (ROOT / "binder" / "postBuild").stat().st_mode & stat.S_IXUSR
    assert result.returncode == 0, result.stdout + result.stderr


def test_post_build_installs_the_course_with_the_tested_pins(built):
    """Does the post-build step install the course with constraints.txt, like make lab?"""
    _, home, _ = built
    log = (home / "pip.log").read_text()
    assert "install" in log and "-c constraints.txt" in log and "-e ." in log


def test_binder_creates_the_learners_workspace_without_solutions(built):
    """Is there a workspace with every part's exercises, and no solution or hidden test in it?"""
    repo, _, _ = built
    released = sorted(p.relative_to(repo / "workspace") for p in (repo / "workspace").glob("*/*.ipynb"))
    sources = sorted(p.relative_to(repo / "notebooks") for p in (repo / "notebooks").glob("*/*.ipynb"))
    assert released == sources
    text = "".join((repo / "workspace" / p).read_text() for p in released)
    assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text
    assert all(json.loads((repo / "workspace" / p).read_text())["cells"] for p in released)


def test_binder_opens_the_workspace(built):
    """Does Jupyter, started by Binder without a path in the link, open workspace/?"""
    _, home, _ = built
    config = (home / ".jupyter" / "jupyter_server_config.py").read_text()
    assert 'c.ServerApp.default_url = "/lab/tree/workspace"' in config


def test_binder_uses_the_courses_python():
    """Does Binder's environment ask for the same Python as environment.yml?"""

    def python(path: Path) -> list[str]:
        return re.findall(r"^\s*-\s*python\s*([=<>].*?)\s*$", path.read_text(), re.M)

    assert python(ROOT / "binder" / "environment.yml") == python(ROOT / "environment.yml") != []
