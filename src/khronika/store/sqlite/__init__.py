"""The embedded default store: every SQL statement, transaction and migration of SQLite."""
