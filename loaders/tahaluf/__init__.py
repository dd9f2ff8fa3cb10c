"""Tahaluf: an Arabic news evaluation dataset with gold entities, quotes and dates.

The one version string of the project lives here; pyproject.toml, the CLI, the
release manifest and the tests read it from this module.
"""

from __future__ import annotations

__version__ = "1.0.0-dev"

__all__ = ["__version__", "validate"]


def validate(path=None):
    """Validate a release folder (default: the bundled release) and return a Report."""
    from .validate import validate_release

    return validate_release(path)
