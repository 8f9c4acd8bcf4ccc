"""Query-string filters shared by the case list page and GET /api/v1/cases."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass
class CaseFilters:
    """Each filter left empty matches everything; the page's "all" option sends ""."""

    department: str | None = None
    category: str | None = None
    status: str | None = None
    urgency: str | None = None

    def __post_init__(self) -> None:
        for name, value in asdict(self).items():
            if value is not None and not value.strip():
                setattr(self, name, None)

    def as_query(self) -> dict[str, Any]:
        """The filters that are set, for building links that keep them."""
        return {name: value for name, value in asdict(self).items() if value is not None}
