"""A directory of JSON results keyed by content hashes, so that a repeated report reruns nothing.

A key is a hash of everything a result depends on (see :func:`lmul.synth.measure.cache_key`);
a result is stored once and never updated, so there is nothing to invalidate: a change of input
gives a new key.
"""

import json
import os
import tempfile
from pathlib import Path

__all__ = ["ResultCache"]


class ResultCache:
    """JSON values stored under hex keys in ``directory`` (created on first write).

    Parameters
    ----------
    directory : str or Path
    """

    def __init__(self, directory):
        self.directory = Path(directory)

    def _path(self, key):
        if not (isinstance(key, str) and len(key) >= 8 and all(c in "0123456789abcdef"
                                                                for c in key)):
            raise ValueError(f"cache key must be a lower-case hex string, not {key!r}")
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key):
        """The value stored under ``key``, or ``None`` (also for an unreadable entry)."""
        try:
            with open(self._path(key)) as file:
                return json.load(file)
        except (OSError, ValueError):
            return None

    def put(self, key, value):
        """Store ``value`` (JSON-serialisable) under ``key``, atomically."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(descriptor, "w") as file:
                json.dump(value, file, sort_keys=True)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
