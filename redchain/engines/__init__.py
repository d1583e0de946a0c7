"""Engines: one small interface (:class:`~redchain.engines.base.Engine`), two implementations."""

from redchain.engines.base import Engine, Record

__all__ = ["Engine", "Record"]
