"""Casework: cases, cooperation requests with their legal deadlines and safeguards, roles and audit.

Records live in a relational database through SQLAlchemy (a SQLite file in the instance folder by
default, PostgreSQL via ``DATABASE_URL``); migrations are Alembic's. The JSON API is in
:mod:`lexbridge.casework.api`. The law comes from :mod:`lexbridge.engine`: the measure vocabulary,
the routes, the authorisation a measure needs and the deadlines of each instrument.
"""
