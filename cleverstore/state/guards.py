"""Event guards: who may run a handler is said once, above it, instead of in a preamble.

`@signed_in` and `@in_register` resolve the customer from the event's own connection (and, for
`@in_register`, that the register is open: paid for) and pass the `Caller` to the handler; a
visitor is sent to /login. `@edits_register` and `@owns_register` also need the caller's role in a
register shared with them (editor; owner): a viewer's attempt changes nothing and is told why. `@as_admin("action")` passes the admin's id; anyone else is recorded
and sent to /admin/login. Use them under `@rx.event`. The handler's own parameters after the
injected one stay what the page sends.
"""
from __future__ import annotations

import functools
import inspect
from collections.abc import Callable

import reflex as rx

from cleverstore.services.access import EDIT, OWN, READ


def _guard(resolve: Callable, refuse: Callable, need: str = "") -> Callable:
    def decorate(handler: Callable) -> Callable:
        signature = inspect.signature(handler)
        params = list(signature.parameters.values())
        injected = params[1].name
        public = signature.replace(parameters=[params[0], *params[2:]])
        try:  # resolved here: the wrapper's module does not know the handler's names
            resolved = inspect.get_annotations(handler, eval_str=True)
        except NameError:
            resolved = dict(handler.__annotations__)
        annotations = {k: v for k, v in resolved.items() if k != injected}

        if inspect.isasyncgenfunction(handler):
            async def wrapper(self, *args, **kwargs):
                who = resolve(self)
                if who is None:
                    yield refuse(self)
                    return
                async for event in handler(self, who, *args, **kwargs):
                    yield event
        elif inspect.iscoroutinefunction(handler):
            async def wrapper(self, *args, **kwargs):
                who = resolve(self)
                if who is None:
                    return refuse(self)
                return await handler(self, who, *args, **kwargs)
        elif inspect.isgeneratorfunction(handler):
            def wrapper(self, *args, **kwargs):
                who = resolve(self)
                if who is None:
                    yield refuse(self)
                    return
                yield from handler(self, who, *args, **kwargs)
        else:
            def wrapper(self, *args, **kwargs):
                who = resolve(self)
                if who is None:
                    return refuse(self)
                return handler(self, who, *args, **kwargs)

        functools.update_wrapper(wrapper, handler)
        del wrapper.__wrapped__  # Reflex reads the page-facing signature below, not the handler's
        wrapper.__signature__ = public
        wrapper.__annotations__ = annotations
        wrapper.register_need = need  # what a register handler needs of the caller's role (tests list them)
        return wrapper

    return decorate


def _to_login(state) -> rx.event.EventSpec | None:
    """A visitor goes to /login; during maintenance everyone stays where they are and reads the notice."""
    return state._to_login()


signed_in = _guard(lambda state: state._require_account(), _to_login)
# a register's data: anyone it is shared with reads and prints; an editor (and the owner) changes its
# contents; the owner alone runs what is theirs (insurance policies). A refused member reads why.
in_register = _guard(lambda state: state._require_register_access(READ), lambda state: state._refused(), READ)
edits_register = _guard(lambda state: state._require_register_access(EDIT), lambda state: state._refused(), EDIT)
owns_register = _guard(lambda state: state._require_register_access(OWN), lambda state: state._refused(), OWN)


def as_admin(action: str) -> Callable:
    """The handler gets the admin's id; a refused attempt is recorded under `action`."""
    return _guard(lambda state: state._require_admin(action), lambda _state: rx.redirect("/admin/login"))
