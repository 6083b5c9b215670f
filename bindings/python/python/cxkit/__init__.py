"""cxkit: the rules of a customer-service platform, from the Rust facade.

Objects take configuration as a dict (the JSON shape of the Rust ``Config``),
a ``.json``/``.toml`` path, or ``None`` for the example (:func:`example_config`;
:func:`empty_config` is what a section you leave out is); events and
arguments are dicts of the same JSON shape as in Rust (timestamps as
timezone-aware ``datetime`` or RFC 3339 strings); results are plain dicts and
lists. :mod:`cxkit.types` types every one of them (``TypedDict``s and
``Literal``s generated from the Rust types), so ``mypy --strict`` catches a
misspelt scope, event type or key. Every error is a :class:`CxkitError`
subclass named after its stable code (``cxkit.InvalidInput``). Objects are
safe to share between threads.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Type

from . import types

from ._cxkit import (
    ERROR_CODES,
    FACADE_VERSION,
    CallCenter,
    CallRules,
    Escalation,
    Feed,
    Monitor,
    ServiceCalendar,
    SmsTriggers,
    Templates,
    Tickets,
    Trend,
    __version__,
    empty_config,
    example_config,
    load_config,
    qa_export_csv,
)

# The exception hierarchy, one class per stable error code. It is defined
# here, in the public module, so that tracebacks, reprs, docs and pickles
# name `cxkit.InvalidInput` etc. (their `__module__`) and `inspect` finds
# their source; the Rust extension raises them through `cxkit._errors`.


class CxkitError(Exception):
    """Base class of every cxkit error."""

    #: The stable error code (``INVALID_TRANSITION``, ``UNKNOWN_ENTITY``, ...).
    code: str = ""

    def __init__(self, message: str, details: Optional[Dict[str, Any]] = None) -> None:
        super().__init__(message)
        self.message: str = message
        self.details: Dict[str, Any] = dict(details or {})
        for key, value in self.details.items():
            setattr(self, key, value)

    def __reduce__(self) -> Any:
        return (type(self), (self.message, self.details))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, details={self.details!r})"

    def to_dict(self) -> Dict[str, Any]:
        """``{"code", "message", "details"}``: the shape the vectors use."""
        return {"code": self.code, "message": self.message, "details": dict(self.details)}


class InvalidTransition(CxkitError):
    """The event is impossible in the subject's current state."""

    code = "INVALID_TRANSITION"
    subject: str
    state: str
    event: str


class UnknownEntity(CxkitError, LookupError):
    """An id names nothing known (or nothing the caller may know of)."""

    code = "UNKNOWN_ENTITY"
    kind: str
    id: str


class PermissionDenied(CxkitError):
    """The caller's role or edition lacks a permission."""

    code = "PERMISSION_DENIED"
    role: str
    permission: str


class ConfigError(CxkitError, ValueError):
    """A configuration is malformed or inconsistent."""

    code = "CONFIG_ERROR"
    #: Dotted path of the offending value (``tenant.agents[3].org_unit``);
    #: empty for the document as a whole (a file that cannot be read).
    field: str
    #: Line and column of the value when the configuration was JSON or TOML
    #: text (a file); ``None`` for a dict and for rules checked after decoding.
    line: Optional[int]
    column: Optional[int]


class ValidationError(CxkitError, ValueError):
    """An input failed validation; ``errors`` lists every problem."""

    code = "VALIDATION_ERROR"
    errors: List[Dict[str, str]]

    def __init__(self, message: str, details: Optional[Dict[str, Any]] = None) -> None:
        super().__init__(message, details)
        self.errors = list(self.details.get("errors", []))


class InvalidInput(CxkitError, ValueError):
    """A single input value is malformed (bad event, naive datetime, NaN...)."""

    code = "INVALID_INPUT"
    field: str


class Conflict(CxkitError):
    """The request conflicts with what someone else holds."""

    code = "CONFLICT"
    resource: str
    holder: str


class OutOfOrder(CxkitError):
    """An event is older than the last one accepted for its subject."""

    code = "OUT_OF_ORDER"
    subject: str
    last: str
    got: str


class ScorerError(CxkitError):
    """A sentiment scorer failed or returned an invalid score."""

    code = "SCORER_ERROR"
    scorer: str


class InternalError(CxkitError):
    """A bug in cxkit (a caught Rust panic). Please report it."""

    code = "INTERNAL"


ERRORS_BY_CODE: Dict[str, Type[CxkitError]] = {
    cls.code: cls
    for cls in (
        InvalidTransition,
        UnknownEntity,
        PermissionDenied,
        ConfigError,
        ValidationError,
        InvalidInput,
        Conflict,
        OutOfOrder,
        ScorerError,
        InternalError,
    )
}


__all__ = [
    "ERRORS_BY_CODE",
    "ERROR_CODES",
    "FACADE_VERSION",
    "CallCenter",
    "CallRules",
    "Conflict",
    "ConfigError",
    "CxkitError",
    "Escalation",
    "Feed",
    "InternalError",
    "InvalidInput",
    "InvalidTransition",
    "Monitor",
    "OutOfOrder",
    "PermissionDenied",
    "ScorerError",
    "ServiceCalendar",
    "SmsTriggers",
    "Templates",
    "Tickets",
    "Trend",
    "UnknownEntity",
    "ValidationError",
    "__version__",
    "empty_config",
    "example_config",
    "load_config",
    "qa_export_csv",
    "types",
]
