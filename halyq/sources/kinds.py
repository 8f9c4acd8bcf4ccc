"""Every kind of live source Halyq can run: kind → the builder of its connector.

A builder takes the source's config (as stored in the registry) and the Settings (where the
credentials are) and returns a Connector; it raises ValueError naming the field when the
config is wrong, and touches no network. A new platform is one module and one line here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from halyq.config import Settings
from halyq.sources.connector import Connector
from halyq.sources.connectors.facebook import facebook_connector
from halyq.sources.connectors.instagram import instagram_connector
from halyq.sources.connectors.rss import rss_connector
from halyq.sources.connectors.vk import vk_connector
from halyq.sources.connectors.youtube import youtube_connector
from halyq.sources.imap import imap_source
from halyq.sources.telegram_live import telegram_source

FACTORIES: dict[str, Callable[[dict[str, Any], Settings], Connector]] = {
    "vk": vk_connector,
    "instagram": instagram_connector,
    "facebook": facebook_connector,
    "youtube": youtube_connector,
    "rss": rss_connector,
    "telegram": telegram_source,
    "imap": imap_source,
}
