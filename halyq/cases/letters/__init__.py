"""Letters Halyq writes for a case: the cover letter of a forwarded case (compose, word)."""
