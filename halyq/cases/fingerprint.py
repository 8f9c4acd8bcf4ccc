"""Near-copies and reposts: MinHash signatures of complaints, banded for LSH in the database.

Each complaint in a case stores the hashes of its MinHash bands (table `post_bands`). A new
post's bands find the earlier posts that share one (an indexed IN lookup, not a scan); the
candidates are then checked with the exact Jaccard similarity of their character shingles.
Kept in the database rather than in a process so every worker sees the same index, a restart
needs no rebuild, and PostgreSQL's transactions make it the one truth.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from datasketch import MinHash
from sqlalchemy import delete, exists, insert, select
from sqlalchemy.orm import Session

from halyq.db.models import Case, CasePost, Post, PostBand
from halyq.nlp.normalise import match_key

# 64 permutations in 14 bands of 4 rows: MinHashLSH's choice for a Jaccard threshold of 0.5,
# so pairs at the 0.6 we accept are found with probability 0.86, at 0.8 with 0.9998.
# Fixed here, with the scheme and seed, because the stored bands must not change with a
# library upgrade.
NUM_PERM = 64
BANDS = 14
ROWS = 4
SCHEME = "affine32"
SEED = 1
SHINGLE_CHARS = 5
# Shorter texts ("Су жоқ!") are the same words about different places: never near-copies.
MIN_KEY_CHARS = 40

_NOISE = re.compile(r"https?://\S+|www\.\S+|[@#][\w.]+")
_NOT_WORD = re.compile(r"[^\w]+|_")


def copy_key(text: str) -> str:
    """The text as near-copies are compared: links, @mentions and #tags dropped, Latin and
    Cyrillic Kazakh folded together, punctuation and emoji gone.

    "Жібек жолы 12-де су жоқ!!! #Қызылорда" and "zhibek zholy 12 de su joq" give the same key.
    """
    return " ".join(_NOT_WORD.sub(" ", match_key(_NOISE.sub(" ", text))).split())


def shingles(text: str) -> frozenset[str]:
    """Character 5-grams of the copy key; empty when the text is too short to judge."""
    key = copy_key(text)
    if len(key) < MIN_KEY_CHARS:
        return frozenset()
    return frozenset(key[i : i + SHINGLE_CHARS] for i in range(len(key) - SHINGLE_CHARS + 1))


def jaccard(first: frozenset[str], second: frozenset[str]) -> float:
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def band_hashes(grams: frozenset[str]) -> list[int]:
    """The LSH band keys of a shingle set: signed 64-bit, band number mixed in."""
    if not grams:
        return []
    signature = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    signature.update_batch([gram.encode("utf-8") for gram in sorted(grams)])
    values = signature.hashvalues
    keys = []
    for band in range(BANDS):
        chunk = values[band * ROWS : (band + 1) * ROWS]
        digest = hashlib.blake2b(
            bytes([band]) + chunk.astype("<u8").tobytes(), digest_size=8
        ).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


@lru_cache(maxsize=4096)
def text_bands(text: str) -> tuple[int, ...]:
    return tuple(band_hashes(shingles(text)))


def store_bands(session: Session, post_id: int, text: str) -> None:
    """Index a post's bands, replacing what an earlier text of the post left."""
    session.execute(
        delete(PostBand).where(PostBand.post_id == post_id),
        execution_options={"synchronize_session": False},
    )
    bands = text_bands(text)
    if bands:
        # Core executemany: fourteen small rows, no ORM bookkeeping on the merge's hot path.
        session.execute(insert(PostBand), [{"post_id": post_id, "band": band} for band in bands])


def index_open_cases(session: Session, *, open_statuses: frozenset[str], limit: int = 5000) -> int:
    """Index the posts of open cases that have no bands yet (cases from before the index
    existed); returns how many posts it indexed. Cheap to repeat: indexed posts are skipped."""
    query = (
        select(Post.id, Post.text)
        .join(CasePost, CasePost.post_id == Post.id)
        .join(Case, Case.id == CasePost.case_id)
        .where(
            Case.status.in_(sorted(open_statuses)),
            ~exists().where(PostBand.post_id == Post.id),
        )
        .limit(limit)
    )
    rows = list(session.execute(query))
    for post_id, text in rows:
        store_bands(session, post_id, text)
    return len(rows)
