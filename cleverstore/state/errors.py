"""What a customer sees when a handler fails unexpectedly: a calm message, never a stack trace."""
from __future__ import annotations

import logging

import reflex as rx

from cleverstore.i18n import translate

logger = logging.getLogger("cleverstore")


def backend_exception_handler(exception: Exception):
    logger.error("Unhandled error in an event handler", exc_info=(type(exception), exception, exception.__traceback__))
    return rx.toast.error(
        translate("error.unexpected", "sv"),
        description=translate("error.unexpected", "en"),
        id="backend_error",
        position="top-center",
    )
