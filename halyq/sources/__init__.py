"""Channels: each turns its input into PostIn records, stored idempotently by store_post()."""
