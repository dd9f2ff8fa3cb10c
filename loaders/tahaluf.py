"""Loading script for datasets 2.x/3.x users who load Tahaluf through a script.

    load_dataset("loaders/tahaluf.py", "entities", split="test", trust_remote_code=True)

It needs the ``tahaluf`` package installed (``pip install -e .`` from the repository) and yields
the same rows and features as the script-free path ``load_dataset("dataset", CONFIG)``: both come
from :mod:`tahaluf.hf`. Pass ``data_dir=`` to read another release folder.
"""

from tahaluf.hf import Tahaluf as _Tahaluf


class Tahaluf(_Tahaluf):
    """The Tahaluf builder (see :class:`tahaluf.hf.Tahaluf`)."""
