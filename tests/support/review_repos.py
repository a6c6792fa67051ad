"""Real, temporary git repositories holding the small review fixture, with a fixed author and dates."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "review-data"
AUTHOR = "Ada Reviewer"
EMAIL = "ada@example.org"
CANARY = "CANARY-restricted-7f3a: the minister asked us to keep this quiet"


def git_environment(day: int = 1) -> dict[str, str]:
    """Git's environment for a reproducible commit: no user or system configuration, fixed identity and date."""
    stamp = f"2026-01-{day:02d}T10:00:00+00:00"
    return {
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": AUTHOR,
        "GIT_AUTHOR_EMAIL": EMAIL,
        "GIT_COMMITTER_NAME": AUTHOR,
        "GIT_COMMITTER_EMAIL": EMAIL,
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
    }


class GitRepo:
    """A repository with the fixture dataset under `data/`, committed on `main`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data = path / "data"
        self.day = 1

    @classmethod
    def create(cls, path: Path) -> GitRepo:
        """A new repository whose first commit holds the fixture dataset."""
        path.mkdir(parents=True, exist_ok=True)
        repo = cls(path)
        repo.git("init", "--quiet", "--initial-branch=main")
        shutil.copytree(FIXTURE, repo.data)
        repo.commit("Add the dataset")
        return repo

    def git(self, *args: str) -> str:
        """Run git in the repository; its output."""
        env = {**os.environ, **git_environment(self.day)}
        done = subprocess.run(["git", *args], cwd=self.path, env=env, check=True, capture_output=True, text=True)
        return done.stdout

    def commit(self, message: str) -> str:
        """Commit everything in the working tree, one day after the previous commit; the new commit's hash."""
        self.git("add", "--all")
        self.git("commit", "--quiet", "--allow-empty", f"--message={message}")
        self.day += 1
        return self.git("rev-parse", "HEAD").strip()

    def state(self, iso3: str) -> Path:
        """A state's file."""
        return self.data / "states" / f"{iso3.lower()}.yaml"

    def edit(self, relative: str, old: str, new: str) -> None:
        """Replace text in a data file (exactly once)."""
        path = self.data / relative
        text = path.read_text()
        assert text.count(old) == 1, f"{old!r} not found once in {relative}"
        path.write_text(text.replace(old, new))

    def append(self, relative: str, text: str) -> None:
        """Add lines at the end of a data file."""
        path = self.data / relative
        path.write_text(path.read_text() + text)


GAMBIA_AS_NON_SIGNATORY = """# yaml-language-server: $schema=../../schemas/state.schema.json
iso3: GMB
iso2: GM
m49: '270'
name: Gambia
un_member: true
sources: [iso-3166, un-m49]
"""

GAMBIA_DEPOSIT = """treaty:
  deposit:
    date: 2024-06-13
    instrument: accession
    sources: [untc-status-2026, mondiale-2026]
  entry_into_force:
    date: 2024-09-11
    basis: article-22
"""

RESTRICTED_NOTE = f"""notes:
  - text: "{CANARY}"
    date: 2025-03-01
    sources: [mondiale-2026]
"""
