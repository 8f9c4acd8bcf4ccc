"""Public mood by topic, district and day; spikes and digests."""
