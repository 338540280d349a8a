"""The validation cache: which tree files the schema has already accepted, byte for byte.

Validating a tree needs pydantic, and importing it and building its validators costs more
than the rest of start-up. So once a file validates, the loader leaves an empty marker at
``<user cache dir>/footpain-tui/validated/<key>`` (``$XDG_CACHE_HOME/footpain-tui`` or
``~/.cache/footpain-tui`` on Linux), where ``key`` is the BLAKE2b digest of a fingerprint of the
validating code followed by the file's bytes. Next time the same bytes are read by the same
code, the loader builds the tree straight from the JSON (:func:`.model.tree_from_data`)
without importing pydantic.

The fingerprint covers this package's version, the source of the modules that decide what
is valid and what a valid file becomes (model, schema, loader) and pydantic's version: any
edit to the file or to that code misses the cache. The cache is only an optimisation: a
marker that cannot be read or written, or anything but an empty regular file, counts as no
marker, and nothing here raises.
"""

from __future__ import annotations

import contextlib
import functools
import os
import stat
from pathlib import Path

from ... import __version__
from ..storage import write_text_atomic

try:  # hashlib would first load OpenSSL (~2 ms of start-up) for a digest _blake2 makes alone
    from _blake2 import blake2b
except ImportError:  # an interpreter without the module: the same digest through hashlib
    from hashlib import blake2b

APP_NAME = "footpain-tui"
MARKERS = "validated"
# The modules whose code decides whether a file is valid and what tree it becomes.
_SOURCES = ("model.py", "schema.py", "loader.py")


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/footpain-tui`` (``~/.cache/footpain-tui``) or the OS equivalent."""
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


@functools.cache
def code_fingerprint() -> bytes | None:
    """A digest of the validating code, or None if its source cannot be read (no caching)."""
    import importlib.util

    digest = blake2b(f"{APP_NAME} {__version__}\0".encode())
    here = Path(__file__).resolve().parent
    try:
        for name in _SOURCES:
            digest.update((here / name).read_bytes())
        # pydantic's version without importing it: its version.py holds the number.
        spec = importlib.util.find_spec("pydantic")
        if spec is None or not spec.submodule_search_locations:
            return None
        digest.update(Path(spec.submodule_search_locations[0], "version.py").read_bytes())
    except (OSError, ImportError, ValueError):
        return None
    return digest.digest()


def marker_for(content: bytes) -> Path | None:
    """Where the marker for a tree file with these bytes lives; None if caching is off."""
    fingerprint = code_fingerprint()
    if fingerprint is None:
        return None
    digest = blake2b(fingerprint)
    digest.update(content)
    try:
        return cache_dir() / MARKERS / digest.hexdigest()
    except (OSError, ValueError):  # no home directory to put it in, a bad XDG_CACHE_HOME
        return None


def is_marked(marker: Path) -> bool:
    """True only for an empty regular file: anything else there is garbage, not a marker."""
    try:
        info = os.stat(marker)
    except (OSError, ValueError):
        return False
    return stat.S_ISREG(info.st_mode) and info.st_size == 0


def mark(marker: Path) -> None:
    """Leave the marker (atomically, like every file we write); never raises."""
    with contextlib.suppress(OSError, ValueError):
        write_text_atomic(marker, "")
