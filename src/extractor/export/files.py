"""Crash-safe files in OUT: every output written to a temporary name and renamed
into place, and a lock that keeps two runs out of one OUT.

A killed or failed write leaves the earlier file whole (os.replace is atomic on
one file system); the temporary names all start with `.tmp-`, and the next run
into OUT removes those a crash left behind.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from itertools import count
from pathlib import Path
from typing import IO, Iterator

TMP_PREFIX = ".tmp-"
LOCK_FILE = ".lock"


# The temporary files' numbers in this process (with its id in the name: two processes writing
# into one folder, an export's, take different names)
_NUMBERS = count()


class OutputBusy(Exception):
    """OUT is locked by another process; the message says which."""


class NewFile:
    """A file written under a temporary name beside `path` (`fh`), renamed over
    `path` by `commit`, removed by `discard`. The temporary name is short, so a
    `path` whose name is at the file system's limit can still be written.

    The name is the process's and a number, the file made only if no file has it
    (O_EXCL), as `tempfile.mkstemp` makes one, without its random names (a tenth of
    a millisecond a file), and with the permissions of any new file (the umask's)
    rather than mkstemp's private 0600."""

    def __init__(self, path: Path, mode: str = "w", **open_args):
        while True:
            tmp = path.parent / f"{TMP_PREFIX}{os.getpid()}-{next(_NUMBERS)}"
            try:
                fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o666)
                break
            except FileExistsError:
                continue  # (one a killed process of the same id left, OUT not cleared yet: the next number)
        self.tmp = tmp  # (for a writer that opens the file by name, as SQLite does)
        self.path = path
        self.fh: IO = open(fd, mode, **open_args)

    def commit(self) -> None:
        try:
            self.fh.close()  # (a full disk may fail here, on the last buffer)
            os.replace(self.tmp, self.path)
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        try:
            self.fh.close()
        except OSError:
            pass  # the file is dropped anyway
        self.tmp.unlink(missing_ok=True)


@contextmanager
def replacing(path: Path, mode: str = "w", **open_args) -> Iterator[IO]:
    """An open file that becomes `path` when the block ends without an exception,
    and is removed otherwise: `path` is either the old file or the whole new one."""
    new = NewFile(path, mode, **open_args)
    try:
        yield new.fh
    except BaseException:
        new.discard()
        raise
    new.commit()


def write_text(path: Path, text: str) -> None:
    """Write `text` (UTF-8) to `path` crash-safe (see `replacing`)."""
    write_bytes(path, text.encode("utf-8"))  # (encoded in one call, without a text file's wrapper)


def write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path` crash-safe (see `replacing`)."""
    with replacing(path, "wb") as fh:
        fh.write(data)


def remove_leftovers(out: Path) -> None:
    """Remove the temporary files a killed run left in OUT, OUT/docs and OUT/report (call with
    OUT locked); nothing else: OUT may be a folder of the user's own (`-o .`)."""
    for tmp in [*out.glob(TMP_PREFIX + "*"), *(out / "docs").rglob(TMP_PREFIX + "*"),
                *(out / "report").rglob(TMP_PREFIX + "*")]:
        if tmp.is_file():
            tmp.unlink()


class OutLock:
    """An exclusive lock on OUT for a run or a re-check (`fcntl.flock` on OUT/.lock):
    a second one refuses at once with `OutputBusy`. The operating system drops
    the lock when its process ends, however it ends (kill -9 too), so no stale
    lock is ever left to clear by hand."""

    def __init__(self, out: Path):
        self.path = out / LOCK_FILE
        self._fh = None

    def __enter__(self) -> "OutLock":
        import fcntl

        fh = open(self.path, "a+", encoding="utf-8")
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip()
            fh.close()
            raise OutputBusy(f"{self.path.parent} is in use by another extract run"
                             + (f" (process {holder})" if holder else "")
                             + ": wait for it to end, or give another -o") from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        self._fh = fh
        return self

    def __exit__(self, *exc) -> None:
        self._fh.close()  # closing the file releases the lock
