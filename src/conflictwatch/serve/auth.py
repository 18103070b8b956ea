"""Bearer-token auth: who may change the record, and (in private mode) who may read it.

Tokens are created by `conflictwatch token create NAME`; the store keeps only their sha256, so a
leaked database does not leak working tokens. The token's name is the `who` of every audit entry.
Missing credentials are a 401 (with `WWW-Authenticate: Bearer`), wrong ones a 403.
"""

from __future__ import annotations

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

_bearer = HTTPBearer(auto_error=False, description="a token from `conflictwatch token create NAME`")


def _check(request: Request, credentials: HTTPAuthorizationCredentials | None) -> str:
    if credentials is None or not credentials.credentials:
        raise HTTPException(401, "a bearer token is required", headers={"WWW-Authenticate": "Bearer"})
    if credentials.scheme.lower() != "bearer":
        raise HTTPException(401, "use the Bearer scheme", headers={"WWW-Authenticate": "Bearer"})
    name = request.app.state.store.verify_token(credentials.credentials)
    if name is None:
        raise HTTPException(403, "invalid token")
    return name


def writer(request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(_bearer)) -> str:
    """The name of the token's owner; every write route depends on this."""
    return _check(request, credentials)


def reader(request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(_bearer)) -> str | None:
    """None when reads are open; otherwise the same check as for writes."""
    if request.app.state.open_reads:
        return None
    return _check(request, credentials)
