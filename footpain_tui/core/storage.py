"""Files on disk, done safely: durable writes, bounded reads of regular files, user targets.

- :func:`write_text_atomic`: a reader never sees a half-written file (temp, fsync, rename).
- :func:`read_regular_file`: only a regular file is read, and never more than a limit,
  whatever its size claims (``/dev/zero`` says 0 bytes); a FIFO is refused without
  waiting for a writer.
- :func:`write_user_file`: a path a user named (``--output``): written only if it is a
  regular file (or a symlink to one) or does not exist yet; a device, FIFO or socket is
  refused; an existing file keeps its mode, a new one gets the umask's.
- :func:`lock_exclusive` / :func:`is_locked`: an advisory lock that says a file is in use
  by a live process (``flock``; released by the kernel when the process dies).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO, NamedTuple

try:
    import fcntl
except ImportError:  # not on POSIX: files are simply not locked
    fcntl = None  # type: ignore[assignment]


# -- reading ----------------------------------------------------------------------------------
class NotRegularFileError(OSError):
    """The path is a directory, device, FIFO or socket, not a regular file; ``kind`` says
    which, in words ("a FIFO (named pipe)")."""

    def __init__(self, path: str | Path, mode: int) -> None:
        self.kind = kind_of(mode)
        super().__init__(errno.EINVAL, f"is {self.kind}, not a regular file", str(path))


class FileTooLargeError(OSError):
    """The file holds more than the reader's limit."""


_KINDS = (
    (stat.S_ISREG, "a regular file"),
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISLNK, "a symbolic link"),
)


def kind_of(mode: int) -> str:
    """What a file of this ``st_mode`` is, in words."""
    return next((kind for test, kind in _KINDS if test(mode)), "not a regular file")


def _open_regular(path: str | Path) -> int:
    # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFileError(path, mode)
    except BaseException:
        os.close(fd)
        raise
    return fd


def open_regular_file(path: str | Path) -> BinaryIO:
    """The regular file at ``path`` (symlinks followed), open for reading in binary.

    Raises :class:`NotRegularFileError` for anything else, without blocking on a FIFO.
    """
    return os.fdopen(_open_regular(path), "rb")


def read_head(path: str | Path, size: int) -> bytes:
    """The first ``size`` bytes (or fewer) of the regular file at ``path``: one read, for
    scanning many files cheaply. Raises like :func:`open_regular_file`."""
    fd = _open_regular(path)
    try:
        return os.read(fd, size)
    finally:
        os.close(fd)


def read_regular_file(path: str | Path, limit: int) -> bytes:
    """At most ``limit`` bytes of the regular file at ``path`` (symlinks followed).

    Raises :class:`NotRegularFileError` for anything but a regular file,
    :class:`FileTooLargeError` if it holds more than ``limit`` bytes (it reads at most
    ``limit + 1``, whatever ``st_size`` says), or the ``OSError`` of opening or reading.
    """
    with open_regular_file(path) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise FileTooLargeError(errno.EFBIG, f"holds more than {limit} bytes", str(path))
    return data


# -- durable writes ---------------------------------------------------------------------------
def _write_temp(folder: Path, name: str, text: str, mode: int) -> Path:
    """A new file beside the target, holding ``text``, fsynced; created with ``mode``
    (the umask applies, as for any new file)."""
    while True:
        # os.urandom, as secrets.token_hex does, without importing hmac and hashlib (~1.5 ms
        # of every start-up, which imports this module before the first question shows).
        tmp = folder / f".{name}.{os.urandom(4).hex()}.tmp"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode)
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _replace(tmp: Path, path: Path) -> None:
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temp file in the same folder, fsync, then rename.

    For files the program owns (caches, schemas); the temp file is private (0600) until
    renamed. A path a user named goes through :func:`write_user_file`.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _replace(_write_temp(path.parent, path.name, text, 0o600), path)


class UnsafeTargetError(OSError):
    """A path a user named is a device, FIFO, socket, or a symlink to one (or to nothing)."""


class Written(NamedTuple):
    """Where :func:`write_user_file` wrote: ``path`` as named, ``target`` the file itself."""

    path: Path
    target: Path

    @property
    def via_symlink(self) -> bool:
        return self.path != self.target

    def __str__(self) -> str:
        if self.via_symlink:
            return f"{self.target} (through the symlink {self.path})"
        return str(self.target)


def write_user_file(path: str | Path, text: str) -> Written:
    """Write ``text`` atomically to a path a user named.

    - nothing there yet: a new file, its mode from the umask (like ``>`` in a shell);
    - a regular file: replaced atomically, keeping its mode (and owner, where allowed);
    - a symlink to a regular file: that file is written, the link stays; a symlink to
      anything else, or to nothing, is refused;
    - a device, FIFO, socket or directory: refused.

    Raises :class:`UnsafeTargetError` when refused, ``OSError`` when the write fails.
    """
    path = Path(path)
    target = path
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    if info is not None and stat.S_ISLNK(info.st_mode):
        target = Path(os.path.realpath(path))
        try:
            info = os.stat(target)
        except FileNotFoundError:
            raise UnsafeTargetError(
                errno.ENOENT,
                f"is a symlink to {target}, which does not exist; exports follow a symlink"
                " only to an existing regular file",
                str(path),
            ) from None
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeTargetError(
                errno.EINVAL,
                f"is a symlink to {target}, {kind_of(info.st_mode)}; exports are written only"
                " to regular files",
                str(path),
            )
    elif info is not None and not stat.S_ISREG(info.st_mode):
        raise UnsafeTargetError(
            errno.EINVAL,
            f"is {kind_of(info.st_mode)}; exports are written only to regular files",
            str(path),
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    if info is None:
        tmp = _write_temp(target.parent, target.name, text, 0o666)  # the umask applies
    else:
        tmp = _write_temp(target.parent, target.name, text, 0o600)
        try:
            os.chmod(tmp, stat.S_IMODE(info.st_mode))
            with contextlib.suppress(OSError):  # only root may give a file away
                os.chown(tmp, info.st_uid, info.st_gid)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    _replace(tmp, target)
    return Written(path, target)


def fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; not every platform lets a directory be opened.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def cut_partial_last_line(fd: int) -> None:
    """Cut a last line a crash left without its newline (in a file of lines open for
    writing), so appends start clean."""
    size = os.fstat(fd).st_size
    if size == 0:
        return
    tail_start = max(0, size - 4096)
    while True:
        tail = os.pread(fd, size - tail_start, tail_start)
        if tail.endswith(b"\n"):
            return
        cut = tail.rfind(b"\n")
        if cut >= 0 or tail_start == 0:
            os.ftruncate(fd, tail_start + cut + 1)
            os.fsync(fd)
            return
        tail_start = max(0, tail_start - 65536)


# -- locks ------------------------------------------------------------------------------------
def lock_exclusive(fd: int) -> bool:
    """Take an exclusive advisory lock on an open file without waiting; False if held."""
    if fcntl is None:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as exc:  # a file system without locks: carry on unlocked
        return exc.errno not in (errno.EAGAIN, errno.EACCES)
    return True


def is_locked(path: str | Path) -> bool:
    """True if another open file holds an exclusive lock on ``path`` right now."""
    if fcntl is None:
        return False
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        os.close(fd)  # closing drops the shared lock taken for the test
    return False
