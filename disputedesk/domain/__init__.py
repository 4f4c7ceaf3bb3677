"""Pure-Python domain: enums, value objects, rules and DTOs. No Qt, no SQLAlchemy."""
