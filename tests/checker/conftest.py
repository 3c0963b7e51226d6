"""Checker tests run the passes strictly: a defect in a pass fails the test instead of hiding."""
import os

os.environ["DATAWAY_CHECKER_STRICT"] = "1"
