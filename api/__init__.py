"""Tandem's GraphQL API, CLI and composition root."""
