"""One module per platform read over HTTP (VK, Instagram, Facebook, YouTube, RSS/Atom).

Each builds a `halyq.sources.connector.Connector` from a source's config and the Settings;
`halyq.sources.kinds.FACTORIES` maps a kind to its builder.
"""
