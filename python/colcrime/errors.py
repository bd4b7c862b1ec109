"""The exception colcrime raises: the command line's error, with its place."""

from __future__ import annotations

from typing import Optional, Union


class ColcrimeError(Exception):
    """An error reported by colcrime's Rust library.

    It carries what ``colcrime --format json`` prints on stderr: the error's
    ``kind`` (``parse``, ``usage``, ``not_enough_data``, ``singular``,
    ``convergence``, ...), and where a value could not be read, the ``file``,
    the 1-based ``line`` (the header is line 1) and the ``column`` (its
    1-based number, or its name);
    ``exit_code`` is the binary's exit code for it (2 bad input, 1 other).

    >>> e = ColcrimeError("d.csv:3:2: bad", kind="parse", file="d.csv", line=3, column=2)
    >>> (e.file, e.line, e.column, str(e))
    ('d.csv', 3, 2, 'd.csv:3:2: bad')
    """

    def __init__(
        self,
        message: str,
        kind: Optional[str] = None,
        file: Optional[str] = None,
        line: Optional[int] = None,
        column: Optional[Union[int, str]] = None,
        exit_code: int = 2,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.file = file
        self.line = line
        self.column = column
        self.exit_code = exit_code
