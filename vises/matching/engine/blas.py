"""One BLAS thread for the pool's matrix products.

The products are small (a few milliseconds on one core); on a machine whose cores are shared,
OpenBLAS's extra threads wait for a core and made the same product 5–50 times slower. numpy
has no setting for this, so the OpenBLAS it ships is asked directly (what threadpoolctl
does); where that library is not found, nothing changes.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

_Calls = tuple[Callable[[], int], Callable[[int], None]]


def _find() -> _Calls | None:
    libs = Path(np.__file__).resolve().parent.parent / "numpy.libs"
    for path in sorted(libs.glob("libscipy_openblas*.so*")):
        try:
            library = ctypes.CDLL(str(path))
            return _calls(
                library.scipy_openblas_get_num_threads64_,
                library.scipy_openblas_set_num_threads64_,
            )
        except (OSError, AttributeError):
            continue
    return None


def _calls(get: Any, put: Any) -> _Calls:
    get.restype, get.argtypes = ctypes.c_int, []
    put.restype, put.argtypes = None, [ctypes.c_int]
    return (lambda: int(get())), (lambda n: put(n))


_CALLS = _find()


@contextmanager
def one_thread() -> Iterator[None]:
    if _CALLS is None:
        yield
        return
    get, put = _CALLS
    before = get()
    put(1)
    try:
        yield
    finally:
        put(before)
