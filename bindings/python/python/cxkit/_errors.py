"""How the Rust extension raises: :func:`_from_rust` builds the exception of
a facade error. The classes (one per stable error code) are defined in the
package itself, ``cxkit/__init__.py``, and public as ``cxkit.InvalidInput``
etc.
"""

from __future__ import annotations

from typing import Any, Dict

from . import ERRORS_BY_CODE, CxkitError


def _from_rust(code: str, message: str, details: Dict[str, Any]) -> CxkitError:
    """Builds the exception for a Rust facade error (called by the extension)."""
    cls = ERRORS_BY_CODE.get(code, CxkitError)
    err = cls(message, details)
    if cls is CxkitError:
        err.code = code
    return err
