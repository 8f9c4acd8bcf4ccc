"""Who may do what: password hashing, the first admin, and the role checks every route uses.

Roles: `admin`, `analyst` (monitoring specialists), `executor` (one department's cases only),
`head` (reads everything, changes nothing). Passwords are hashed with Argon2id.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterator
from functools import cache
from typing import Annotated

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import Depends, HTTPException, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from halyq.db.engine import session_scope
from halyq.db.models import Case, User

ROLES = frozenset({"admin", "analyst", "executor", "head"})
# Roles that may read original texts and author names, and add posts.
PRIVILEGED_ROLES = frozenset({"admin", "analyst"})
ADMIN_USERNAME = "admin"
SESSION_USER_KEY = "uid"
SESSION_STAMP_KEY = "stamp"

_hasher = PasswordHasher()


class NotAuthenticated(Exception):
    """Raised by `require_user` when nobody is signed in; pages redirect, the API answers 401."""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def create_user(
    session: Session,
    *,
    username: str,
    password: str,
    role: str,
    department_code: str | None = None,
) -> User:
    """Add a user; an executor must name the department whose cases they handle."""
    if role not in ROLES:
        raise ValueError(f"role '{role}' is not one of {sorted(ROLES)}")
    if role == "executor" and not department_code:
        raise ValueError("an executor needs a department_code")
    user = User(
        username=username,
        password_hash=hash_password(password),
        role=role,
        # A head may name the department they lead: its case notices reach them (halyq.notify).
        department_code=department_code if role in ("executor", "head") else None,
        is_active=True,
    )
    session.add(user)
    session.flush()
    return user


def ensure_admin(session: Session) -> str | None:
    """Create user "admin" when no admin exists; return its new password, else None.

    Only the hash is stored: the caller prints the returned password once.
    """
    if session.scalar(select(User.id).where(User.role == "admin").limit(1)) is not None:
        return None
    if session.scalar(select(User.id).where(User.username == ADMIN_USERNAME)) is not None:
        raise ValueError(
            f"no admin exists but user '{ADMIN_USERNAME}' does with another role; "
            "give some account the admin role instead"
        )
    password = secrets.token_urlsafe(12)
    create_user(session, username=ADMIN_USERNAME, password=password, role="admin")
    return password


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this name and password, else None; upgrades outdated hashes."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.is_active:
        verify_password(_dummy_hash(), password)
        return None
    if not verify_password(user.password_hash, password):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


@cache
def _dummy_hash() -> str:
    """Checked when the username is unknown, so a wrong name costs as long as a wrong password."""
    return _hasher.hash(secrets.token_urlsafe(16))


def db_session(request: Request) -> Iterator[Session]:
    """A session for one request: committed when the route returns, rolled back on error."""
    with session_scope(request.app.state.sessions) as session:
        yield session


# "function" scope: the commit happens before the response leaves, so a failed commit is a 500.
DbSession = Annotated[Session, Depends(db_session, scope="function")]


def sign_in(request: Request, user: User) -> None:
    """Start a fresh session for this user: nothing from before sign-in survives."""
    request.session.clear()
    request.session[SESSION_USER_KEY] = user.id
    request.session[SESSION_STAMP_KEY] = _session_stamp(user)


def current_user(request: Request, session: DbSession) -> User | None:
    """The signed-in, still active user, or None.

    A session ends when its user is deactivated, renamed or given a new password.
    """
    user_id = request.session.get(SESSION_USER_KEY)
    if not isinstance(user_id, int):
        return None
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        return None
    stamp = request.session.get(SESSION_STAMP_KEY)
    if not isinstance(stamp, str) or not secrets.compare_digest(stamp, _session_stamp(user)):
        return None
    return user


def _session_stamp(user: User) -> str:
    # The cookie is signed, not encrypted: keep only a digest of name and hash in it.
    material = f"{user.username}\x00{user.password_hash}".encode()
    return hashlib.sha256(material).hexdigest()[:24]


def require_user(user: User | None = Depends(current_user)) -> User:
    if user is None:
        raise NotAuthenticated
    return user


def require_role(*roles: str) -> Callable[[User], User]:
    """A dependency that lets only these roles through (403 for the others)."""
    unknown = set(roles) - ROLES
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}")

    def check(user: User = Depends(require_user)) -> User:
        if user.role not in roles:
            raise HTTPException(status_code=403, detail="your role may not do this")
        return user

    return check


def is_privileged(user: User) -> bool:
    """May see original texts and author names."""
    return user.role in PRIVILEGED_ROLES


def department_scope(user: User, requested: str | None = None) -> str | None:
    """The department a listing must be limited to: an executor's own, else what was asked.

    An executor asking for another department gets 403.
    """
    if user.role != "executor":
        return requested
    own = user.department_code
    if own is None or (requested is not None and requested != own):
        raise HTTPException(status_code=403, detail="executors see only their department")
    return own


def may_read_case(user: User, department_code: str) -> bool:
    return user.role != "executor" or user.department_code == department_code


def check_case_visible(session: Session, user: User, case_id: int) -> None:
    """404 for a case that does not exist or that this user may not see: an executor does not
    learn that another department's case exists."""
    department = session.scalar(select(Case.department_code).where(Case.id == case_id))
    if department is None or not may_read_case(user, department):
        raise HTTPException(status_code=404, detail=f"no case {case_id}")
