"""State backends behind small interfaces: cache stores and lock managers (§6.3, §6.15)."""
