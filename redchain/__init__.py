"""redchain: a graph toolkit for the 金桥红链 (Golden Bridge Red Chain) partnership network."""

from importlib.metadata import PackageNotFoundError, version

from redchain.connect import connect
from redchain.engines.base import Engine
from redchain.errors import RedchainError

try:
    __version__ = version("redchain")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

__all__ = ["Engine", "RedchainError", "__version__", "connect"]
