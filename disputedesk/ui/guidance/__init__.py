"""Guidance panel and the opening hours / response time settings."""
