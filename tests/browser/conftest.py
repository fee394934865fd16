"""Browser fixtures live in tests/conftest.py so that every test folder shares one browser."""
