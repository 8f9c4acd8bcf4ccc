"""Rate limits for what strangers can hammer: sign-in attempts, the public appeal form, Open311.

Counts live in this process's memory (the `limits` library's moving window). `halyq serve` is
one process, so that is every request; a deployment that runs several web processes behind a
balancer must pin a client to one process or give `limits` a shared storage (Redis) instead.
"""

from __future__ import annotations

import math
import time

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter


class Throttle:
    """At most `rate` ("5/15 minutes") events per key; `wait(key)` says how long to hold off."""

    def __init__(self, rate: str, *, name: str) -> None:
        self.item: RateLimitItem = parse(rate)
        self.name = name  # keeps two throttles apart when they count the same keys
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def wait(self, key: str) -> int:
        """Seconds until one more event for `key` is allowed; 0 when it is allowed now."""
        if self._limiter.test(self.item, self.name, key):
            return 0
        reset = self._limiter.get_window_stats(self.item, self.name, key).reset_time
        return max(1, math.ceil(reset - time.time()))

    def hit(self, key: str) -> bool:
        """Count one event; False when it was over the limit (and so not allowed)."""
        return self._limiter.hit(self.item, self.name, key)

    def clear(self, key: str) -> None:
        self._limiter.clear(self.item, self.name, key)
