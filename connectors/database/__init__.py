"""Database connector (components spec §7.4).

This is the minimal SQLite-only form written for the order-sync example while the full
connector (PostgreSQL, MySQL/MariaDB, type mapping, pools) is another engineer's work: the
operation and connection fields follow §7.4, so flows written against it keep working.
"""
