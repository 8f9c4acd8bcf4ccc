"""Coordinated campaigns: many accounts posting the same thing in step, shown with evidence."""
