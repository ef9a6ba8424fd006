"""Mounts the GraphQL schema at /graphql."""

from fastapi import APIRouter


def build_graphql_router() -> APIRouter:
    return APIRouter()
