"""REST API v1 (management): one router module per resource."""

from fastapi import APIRouter

ROUTERS: list[APIRouter] = []
