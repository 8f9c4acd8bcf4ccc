"""Civil society records: NGOs, state social-order projects, outreach events, media products.

Kept beside the case records (same `Base`) so that one migration history covers both; the
logic that reads and writes them lives in `halyq.civil`.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from halyq.db.models import Base
from halyq.db.types import UTCDateTime, utcnow

LEGAL_FORMS = (
    "public_association",
    "public_foundation",
    "association",
    "private_institution",
    "other",
)
NGO_STATUSES = ("active", "liquidated")
PROJECT_STATUSES = ("planned", "active", "completed", "cancelled")
ORGANISERS = ("group", "ngo")
VENUE_KINDS = ("state_institution", "school", "sports", "settlement", "other")
MEDIA_KINDS = ("video", "article", "post")


class Ngo(Base):
    """A non-governmental organisation registered in the city; the BIN identifies it."""

    __tablename__ = "civil_ngos"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bin: Mapped[str] = mapped_column(String(12), unique=True)
    name_kk: Mapped[str] = mapped_column(String(500))
    name_ru: Mapped[str] = mapped_column(String(500))
    legal_form: Mapped[str] = mapped_column(String(32))  # one of LEGAL_FORMS
    registered_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="active")  # one of NGO_STATUSES
    liquidated_on: Mapped[date | None] = mapped_column(Date)
    address: Mapped[str | None] = mapped_column(String(500))
    leader: Mapped[str | None] = mapped_column(String(255))
    contacts: Mapped[str | None] = mapped_column(Text)
    activities: Mapped[list[str]] = mapped_column(JSON, default=list)  # fields of activity
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    projects: Mapped[list[Project]] = relationship(back_populates="ngo")


class Project(Base):
    """A state social-order project run by an NGO; the code identifies it."""

    __tablename__ = "civil_projects"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(1000))
    topic: Mapped[str | None] = mapped_column(String(500))
    ngo_id: Mapped[int | None] = mapped_column(ForeignKey("civil_ngos.id", ondelete="SET NULL"))
    # Whole tenge as an integer: budgets must add up exactly, so no floats anywhere.
    budget_tenge: Mapped[int] = mapped_column(BigInteger, default=0)
    year: Mapped[int] = mapped_column(Integer)
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="active")  # one of PROJECT_STATUSES
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    ngo: Mapped[Ngo | None] = relationship(back_populates="projects")
    indicators: Mapped[list[ProjectIndicator]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="ProjectIndicator.id"
    )
    documents: Mapped[list[ProjectDocument]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="ProjectDocument.id"
    )


class ProjectIndicator(Base):
    """One planned-versus-actual figure of a project: meetings, participants, videos, ..."""

    __tablename__ = "civil_project_indicators"
    __table_args__ = (UniqueConstraint("project_id", "name", name="uq_civil_indicator_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("civil_projects.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(64))  # meetings | participants | publications | ...
    planned: Mapped[int | None] = mapped_column(Integer)
    actual: Mapped[int | None] = mapped_column(Integer)

    project: Mapped[Project] = relationship(back_populates="indicators")


class ProjectDocument(Base):
    """A document of a project (contract, act, report); the file itself lives under var/,
    named by its SHA-256, so the same file uploaded twice is stored once."""

    __tablename__ = "civil_project_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("civil_projects.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(500))
    filename: Mapped[str | None] = mapped_column(String(255))
    content_type: Mapped[str | None] = mapped_column(String(255))
    size: Mapped[int | None] = mapped_column(BigInteger)
    sha256: Mapped[str | None] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    project: Mapped[Project] = relationship(back_populates="documents")


class OutreachEvent(Base):
    """A meeting held by the city's information and explanatory group or by an NGO."""

    __tablename__ = "civil_events"
    __table_args__ = (UniqueConstraint("date", "title", name="uq_civil_events_date_title"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    date: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(1000))
    organiser: Mapped[str] = mapped_column(String(16))  # one of ORGANISERS
    project_id: Mapped[int | None] = mapped_column(
        ForeignKey("civil_projects.id", ondelete="SET NULL")
    )
    venue: Mapped[str | None] = mapped_column(String(500))
    venue_kind: Mapped[str] = mapped_column(String(32), default="other")  # one of VENUE_KINDS
    topic: Mapped[str | None] = mapped_column(String(500))
    participants: Mapped[int | None] = mapped_column(Integer)
    speakers: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    project: Mapped[Project | None] = relationship()


class MediaProduct(Base):
    """A video, article or post made by the department or within a project."""

    __tablename__ = "civil_media"
    __table_args__ = (UniqueConstraint("date", "title", name="uq_civil_media_date_title"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    date: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(1000))
    kind: Mapped[str] = mapped_column(String(16))  # one of MEDIA_KINDS
    partner: Mapped[str | None] = mapped_column(String(500))
    project_id: Mapped[int | None] = mapped_column(
        ForeignKey("civil_projects.id", ondelete="SET NULL")
    )
    published_where: Mapped[str | None] = mapped_column(String(1000))  # outlet or address
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reach: Mapped[int | None] = mapped_column(BigInteger)  # views or readers, as reported
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    project: Mapped[Project | None] = relationship()
