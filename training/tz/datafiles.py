"""The dataset files a recipe reads, and their SHA-256, for the model card's `data_sha256`.

DataReads records every regular file under a root (the --data-dir) that the process opens for
reading while the recorder is active, through Python's audit hook on `open` (builtin open,
io.open, os.open): the loaders need no change, and a file a recipe reads cannot be left out
of the card by forgetting to list it. Standard library only.
"""

import hashlib
import os
import sys


def sha256_file(path):
    """Hex SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _reads(mode, flags):
    if mode is None:  # os.open: look at the flags
        return not (flags or 0) & (os.O_WRONLY | os.O_RDWR)
    return not any(c in str(mode) for c in "wax+")


class DataReads:
    """with DataReads(data_dir) as reads: ...load the data...; then reads.sha256() is
    {path relative to data_dir: sha256} of every file under data_dir opened for reading."""

    def __init__(self, root):
        self.root = os.path.realpath(root)
        self.paths = set()
        self._active = False
        self._hooked = False

    def __enter__(self):
        if not self._hooked:
            sys.addaudithook(self._hook)  # audit hooks cannot be removed: _active gates it
            self._hooked = True
        self._active = True
        return self

    def start(self):
        """Starts recording, as entering a with block does; returns self (a trainer records
        from its arguments to its model card)."""
        return self.__enter__()

    def __exit__(self, *exc):
        self._active = False
        return False

    def _hook(self, event, args):
        if not self._active or event != "open":
            return
        path, mode, flags = (list(args) + [None, None, None])[:3]
        if isinstance(path, int) or path is None or not _reads(mode, flags):
            return
        self._active = False  # realpath/isfile below must not re-enter
        try:
            p = os.path.realpath(os.fsdecode(path))
            if p.startswith(self.root + os.sep) and os.path.isfile(p):
                self.paths.add(p)
        finally:
            self._active = True

    def relative(self):
        """The recorded paths relative to the root, sorted."""
        return sorted(os.path.relpath(p, self.root) for p in self.paths)

    def sha256(self):
        """{relative path: hex SHA-256} of the recorded files, in path order."""
        return {rel: sha256_file(os.path.join(self.root, rel)) for rel in self.relative()}
