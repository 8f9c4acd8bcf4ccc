"""The city profile: places, departments, categories, deadlines and the working calendar."""
