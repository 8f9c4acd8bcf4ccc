"""What a channel can answer when a notice cannot be delivered, so the outbox knows whether
to try again, wait, or give up."""

from __future__ import annotations


class DeliveryFailed(Exception):
    """Not delivered; `permanent` ones are given up on, the others retried with a back-off."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class RateLimited(DeliveryFailed):
    """The channel asks to wait `retry_after` seconds (Telegram's 429) before sending again."""

    def __init__(self, retry_after: float, message: str) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Unreachable(DeliveryFailed):
    """The recipient's chat refuses the bot (Telegram's 403: blocked or left)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, permanent=True)
