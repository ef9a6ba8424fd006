"""Mutation root: one module per mutation, each with its input and payload types."""

from __future__ import annotations

import strawberry

from sandbox.graphql.mutations.cancel_order import cancel_order
from sandbox.graphql.mutations.checkout import checkout
from sandbox.graphql.mutations.delete_my_profile import delete_my_profile
from sandbox.graphql.mutations.release_reservation import release_reservation
from sandbox.graphql.mutations.reserve_seats import reserve_seats
from sandbox.graphql.mutations.update_my_profile import update_my_profile


@strawberry.type
class Mutation:
    reserve_seats = strawberry.mutation(resolver=reserve_seats, description="Locks seats for the calling fan until expiresAt.")
    release_reservation = strawberry.mutation(resolver=release_reservation, description="Gives reserved seats back.")
    checkout = strawberry.mutation(resolver=checkout, description="Pays for a reservation; idempotent per idempotencyKey.")
    cancel_order = strawberry.mutation(resolver=cancel_order, description="Refunds a paid order or cancels a pending one.")
    update_my_profile = strawberry.mutation(resolver=update_my_profile, description="Changes the calling fan's profile.")
    delete_my_profile = strawberry.mutation(resolver=delete_my_profile, description="GDPR erasure of the calling fan.")
