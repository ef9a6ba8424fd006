"""Pydantic models of REST API v1, one module per business area (see base.py for the layering)."""
