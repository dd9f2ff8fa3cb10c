"""Tahaluf: an Arabic news evaluation dataset with gold entities, quotes and dates.

The one version string of the project lives in ``tahaluf/_version.py``; pyproject.toml, the
CLI, the release manifest and the tests read it from there.
"""

from __future__ import annotations

from ._version import __version__

__all__ = ["__version__", "validate"]


def validate(path=None):
    """Validate a release folder (default: the bundled release) and return a Report."""
    from .validate import validate_release

    return validate_release(path)
