"""Civil society work: NGOs, social-order projects, outreach events, media products."""
