"""A check's result, replayed while nothing it read has changed.

The rules are functions of the files they read: pages, data files, snippets, mkdocs.yml, the seed
page, and the folders they list. A check run under `Replay.recording()` notes each file it opens
and each folder it lists, at the moment it does so (before reading), through a Python audit hook:

    file    its type, inode, size, modification and change times (os.lstat; "missing" if absent)
    folder  the names and kinds (file, folder, link, other) of its entries ("missing" if absent)

and the result is stored beside that list. A later check of the same request (same project,
paths, options, date, Python, and the same code: every file of this package, requirements.txt and
pyproject.toml) replays the stored result when every file and folder is still as it was: a few
system calls a page instead of reading and checking it. Any change, even a `touch`, runs the
check again; so does a file changed within the last two seconds before a check (a file system's
clock can be coarser than two writes: such a result is not stored). A check that ran a program
(git, for `--changed`) is never stored.

Like the scan's CleanCache, results live in the user's cache folder ($XDG_CACHE_HOME or ~/.cache),
one folder per project folder, never in the project: a change proposed to the project cannot bring
a stored result that hides its own problems. A fresh machine or CI runner checks everything.

Standard library only: the check command looks a result up before it imports the checker.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import time
from datetime import date
from pathlib import Path

FORMAT = "1"
RACY_NS = 2_000_000_000  # results over files changed this recently before the check are not stored
LIMIT = 64  # stored results kept per project (the oldest go first)
_PACKAGE = Path(__file__).resolve().parents[1]  # hooks/


def cache_folder(root: str | Path) -> Path:
    """The user's cache folder for the project at `root` (outside it: see the module's docstring)."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    name = hashlib.sha256(str(Path(root).resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return base / "neuropathic-reference" / name


# ---- fingerprints ---------------------------------------------------------------------------------

def file_print(path: str) -> list[int] | None:
    """What a change to a file changes: type, inode, size, modification and change times."""
    try:
        info = os.lstat(path)
    except (OSError, ValueError):
        return None
    return [info.st_mode, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns]


def folder_print(path: str) -> str | None:
    """The names and kinds of a folder's entries (not followed: a link is a link)."""
    try:
        with os.scandir(path) as entries:
            listing = sorted(f"{entry.name}\0{_kind(entry)}" for entry in entries)
    except (OSError, ValueError):
        return None
    return hashlib.sha256("\n".join(listing).encode("utf-8", "surrogateescape")).hexdigest()


def _kind(entry: os.DirEntry) -> str:
    if entry.is_symlink():
        return "l"
    if entry.is_dir(follow_symlinks=False):
        return "d"
    return "f" if entry.is_file(follow_symlinks=False) else "o"


def code_print() -> str:
    """This package's files and the project's pins, as the code that produced a result."""
    digest = hashlib.sha256(f"{FORMAT}\n{sys.version}\n{sys.prefix}\n".encode())
    files = [_PACKAGE.parent / "requirements.txt", _PACKAGE.parent / "pyproject.toml"]
    for folder, folders, names in os.walk(_PACKAGE):
        folders[:] = sorted(name for name in folders if name != "__pycache__")
        files += [Path(folder) / name for name in sorted(names) if name.endswith(".py")]
    for file in files:
        digest.update(f"{file}\0{file_print(str(file))}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


# ---- recording what a check reads -----------------------------------------------------------------

class _Recorder:
    def __init__(self, ignored: tuple[str, ...]) -> None:
        self.files: dict[str, list[int] | None] = {}
        self.folders: dict[str, str | None] = {}
        self.ignored = ignored
        self.ran_program = False
        self.busy = False

    def event(self, name: str, args: tuple) -> None:
        if name == "open":
            path, mode, flags = args
            if path is None or isinstance(path, int):
                return
            writing = (flags or 0) & (os.O_WRONLY | os.O_RDWR) if mode is None else any(c in mode for c in "wax+")
            if not writing:
                self._note(path, self.files, file_print)
        elif name in ("os.scandir", "os.listdir"):
            if args and args[0] is not None and not isinstance(args[0], int):
                self._note(args[0], self.folders, folder_print)
        elif name in ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn"):
            self.ran_program = True

    def _note(self, path, into: dict, fingerprint) -> None:
        if self.busy:
            return
        self.busy = True  # folder_print lists the folder: its own event must not come back here
        try:
            path = os.path.abspath(os.fsdecode(path))
            if path not in into and not path.startswith(self.ignored) and not path.endswith((".py", ".pyc")):
                into[path] = fingerprint(path)
        finally:
            self.busy = False


_ACTIVE: list[_Recorder] = []


def _audit(name: str, args: tuple) -> None:
    if _ACTIVE and name in _EVENTS:
        _ACTIVE[-1].event(name, args)


_EVENTS = frozenset({"open", "os.scandir", "os.listdir", "subprocess.Popen", "os.system", "os.exec",
                     "os.posix_spawn", "os.spawn"})
_HOOKED: list[bool] = []


# ---- one request ----------------------------------------------------------------------------------

class Replay:
    """The stored result of one request (`parts`: what the caller's result depends on besides the
    files it reads), in the cache folder of the project at `root`."""

    def __init__(self, root: str | Path, parts: dict, folder: Path | None = None) -> None:
        self.folder = (Path(folder) if folder is not None else cache_folder(root)) / "check"
        key = json.dumps({"root": str(Path(root).resolve()), **parts}, sort_keys=True, default=str)
        self.file = self.folder / hashlib.sha256(f"{key}\n{code_print()}".encode("utf-8", "surrogateescape")).hexdigest()
        self.started = 0

    def lookup(self) -> dict | None:
        """The stored result, if every file and folder it read is as it was; else None."""
        try:
            with open(self.file, encoding="utf-8") as handle:
                entry = json.load(handle)
            if entry.get("format") != FORMAT:
                return None
            for path, recorded in entry["files"]:
                if file_print(path) != recorded:
                    return None
            for path, recorded in entry["folders"]:
                if folder_print(path) != recorded:
                    return None
            return entry["result"]
        except (OSError, ValueError, KeyError, TypeError):
            return None

    @contextlib.contextmanager
    def recording(self):
        """Note what the code inside reads (see the module's docstring); yields the recorder."""
        if not _HOOKED:
            sys.addaudithook(_audit)  # for the life of the process; idle unless a recording is on
            _HOOKED.append(True)
        prefixes = {sys.prefix, sys.base_prefix, sys.exec_prefix, str(self.folder.parent)}
        recorder = _Recorder(tuple(os.path.join(prefix, "") for prefix in prefixes))
        self.started = time.time_ns()
        _ACTIVE.append(recorder)
        try:
            yield recorder
        finally:
            _ACTIVE.remove(recorder)

    def store(self, recorder: _Recorder, result: dict) -> bool:
        """Keep `result` with what the recording noted; False when it cannot be replayed safely
        (a program ran, or a file changed within RACY_NS before the check) or cannot be written."""
        if recorder.ran_program:
            return False
        newest = max((max(fp[3], fp[4]) for fp in recorder.files.values() if fp), default=0)
        if newest >= self.started - RACY_NS:
            return False
        entry = {"format": FORMAT, "files": sorted(recorder.files.items()),
                 "folders": sorted(recorder.folders.items()), "result": result}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = self.file.with_name(f"{self.file.name}.{os.getpid()}.tmp")
            temporary.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, self.file)
            self._prune()
        except OSError:
            return False  # a cache that cannot be written only costs time
        return True

    def _prune(self) -> None:
        entries = [entry for entry in os.scandir(self.folder) if entry.is_file(follow_symlinks=False)]
        if len(entries) > LIMIT:
            entries.sort(key=lambda entry: entry.stat(follow_symlinks=False).st_mtime_ns)
            for entry in entries[: len(entries) - LIMIT]:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def full_check(root: str | Path, docs_dir: str | Path) -> Replay:
    """The stored result of a full check (every page and data file) of a project, shared by the
    MkDocs gate and `python -m hooks.build`: one request, for today's date."""
    return Replay(root, {"command": "full", "docs": str(docs_dir), "today": date.today().isoformat()})
