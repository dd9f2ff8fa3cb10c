"""The one version string of Tahaluf (package and dataset release); everything else reads it."""

__version__ = "1.0.2"
