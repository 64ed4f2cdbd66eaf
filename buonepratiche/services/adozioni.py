"""See buonepratiche/services/__init__.py."""
