"""Shebao One-Window (社保一窗通)."""
