"""`mkdocs build --strict` stopping, said in French before the engine's English line.

The engine counts the warnings of a strict build on its own logger and, after the
``post_build`` events, stops with « Aborted with 2 warnings in strict mode! ». Its
count is not reachable from a plugin, so :class:`StrictCount` keeps the same count
on the same logger (every warning of the engine and its plugins reaches it), and the
plugin says, last in ``on_post_build``, that the build stops and where the messages
are. It logs at INFO: a warning would add itself to the count it reports.
"""

from __future__ import annotations

import logging

from .model.messages import say


class StrictCount(logging.Handler):
    """The warnings logged on ``logger`` (and below it) while attached."""

    def __init__(self, logger: logging.Logger) -> None:
        super().__init__(logging.WARNING)
        self.logger = logger
        self.count = 0
        logger.addHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1

    def stop(self) -> str | None:
        """Detach; the French line to log when the strict build is about to stop."""
        self.logger.removeHandler(self)
        if not self.count:
            return None
        warnings = f"{self.count} avertissement" + ("s" if self.count > 1 else "")
        return say("build.strict_stop", count=warnings)


def engine_logger(plugin_logger: logging.Logger | logging.LoggerAdapter) -> logging.Logger:
    """The engine's own logger (``mkdocs``, or ``properdocs`` for its fork): the top of
    the plugin's, where the engine counts a strict build's warnings."""
    logger = plugin_logger.logger if isinstance(plugin_logger, logging.LoggerAdapter) else plugin_logger
    return logging.getLogger(logger.name.split(".", 1)[0])
