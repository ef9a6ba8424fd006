"""updateMyProfile: the calling fan edits their name and phone (omitted: unchanged, null: cleared)."""

from __future__ import annotations

import strawberry

from sandbox.graphql.context import JumpContext
from sandbox.graphql.types import Fan
from sandbox.services import fans


@strawberry.input(description="Attributes are not editable here: they gate offers and are set by staff.")
class UpdateProfileInput:
    first_name: str | None = strawberry.UNSET
    last_name: str | None = strawberry.UNSET
    phone: str | None = strawberry.UNSET

    def changes(self) -> dict[str, str | None]:
        """Only the fields the client sent, by column name."""
        sent = {"first_name": self.first_name, "last_name": self.last_name, "phone": self.phone}
        return {column: value for column, value in sent.items() if value is not strawberry.UNSET}


async def update_my_profile(info: strawberry.Info[JumpContext, None], input: UpdateProfileInput) -> Fan:
    fan_id = info.context.require_fan()
    return Fan.from_record(await fans.update_fan(info.context.db, fan_id=fan_id, changes=input.changes()),
                           info.context.principal)
