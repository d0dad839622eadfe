"""A terminal progress bar for services that report `progress(done, total)` as they go."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from tqdm import tqdm


@contextmanager
def progress_bar(unit: str, *, disable: bool = False) -> Iterator[Callable[[int, int], None]]:
    """Yield a `progress(done, total)` callback that draws a tqdm bar; closed on leaving."""
    bar = tqdm(total=0, unit=unit, disable=disable, dynamic_ncols=True)

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.update(done - bar.n)

    try:
        yield progress
    finally:
        bar.close()
