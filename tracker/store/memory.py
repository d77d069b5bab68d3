"""Hand memory a large step freed back to the system: pyarrow's pool, DuckDB's allocator, malloc's."""

import ctypes
from collections.abc import Callable
from functools import cache

import _duckdb
import pyarrow as pa

_DUCKDB_FLUSH = "_ZN6duckdb9Allocator8FlushAllEv"
"""duckdb::Allocator::FlushAll(), a static function of no arguments: it purges the arenas of the
jemalloc that DuckDB's Linux build allocates from (then trims malloc). DuckDB runs it itself
only when its thread count changes or a database closes; the Python API does not offer it."""


@cache
def _c_library() -> ctypes.CDLL | None:
    """Return the C library when it can hand freed memory back (glibc's malloc_trim), else None.

    The process's own symbols include the C library's: no search for its file (which may run
    ldconfig) is needed. Windows cannot open them that way (TypeError) and has no malloc_trim.
    """
    try:
        found = ctypes.CDLL(None)
    except (OSError, TypeError):
        return None
    return found if hasattr(found, "malloc_trim") else None


@cache
def _duckdb_flush() -> Callable[[], None] | None:
    """Return DuckDB's allocator flush, or None where its build does not export it (another
    platform or version: the memory is then kept for DuckDB's reuse, as before)."""
    try:
        found = getattr(ctypes.CDLL(_duckdb.__file__), _DUCKDB_FLUSH)
    except (OSError, TypeError, AttributeError):
        return None
    found.restype = None
    found.argtypes = []
    return found


def give_back() -> None:
    """Hand back to the system the memory freed since, which the allocators keep for reuse.

    Reading, checking and previewing a million imported rows each free a few hundred MB that
    DuckDB's allocator, pyarrow's pool and the C library would keep: the next step's own peak
    would come on top of it, past issue 15's 1 GB for a million-point import.
    """
    pa.default_memory_pool().release_unused()
    flush = _duckdb_flush()
    if flush is not None:
        flush()
    libc = _c_library()
    if libc is not None:
        libc.malloc_trim(0)
