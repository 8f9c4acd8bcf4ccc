"""Copy the profile's departments into the database so cases can refer to them."""

from __future__ import annotations

from sqlalchemy.orm import Session

from halyq.city.profile import CityProfile
from halyq.db.models import Department


def sync_departments(session: Session, profile: CityProfile) -> int:
    """Insert or update every department of the profile; returns how many changed."""
    changed = 0
    for dept in profile.departments.values():
        row = session.get(Department, dept.code)
        values = {"name_kk": dept.name_kk, "name_ru": dept.name_ru, "kind": dept.kind}
        if row is None:
            session.add(Department(code=dept.code, **values))
            changed += 1
        elif any(getattr(row, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(row, key, value)
            changed += 1
    session.flush()
    return changed
