"""Cases: one real-world incident, its department, its deadline, its audit trail."""
