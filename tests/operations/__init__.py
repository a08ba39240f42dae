"""Backups and mail delivery."""
