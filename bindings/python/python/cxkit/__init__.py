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
from ._errors import (
    ERRORS_BY_CODE,
    Conflict,
    ConfigError,
    CxkitError,
    InternalError,
    InvalidInput,
    InvalidTransition,
    OutOfOrder,
    PermissionDenied,
    ScorerError,
    UnknownEntity,
    ValidationError,
)

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
