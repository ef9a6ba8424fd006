"""The run's randomness: one seeded ``random.Random`` for values, Faker only to fill value pools.

Faker gives realistic text (emails, names, cities), but one Faker call per row would dominate the
run at 100,000 rows, so each column draws from a pool of ``POOL_SIZE`` Faker values made once
(Faker seeded from the run seed and the column name) and picked with the seeded ``Random``:
same seed, same values, and the cost no longer grows with the row count.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

from faker import Faker

POOL_SIZE = 256

# Column name -> Faker recipe. Names, not tables: any table's "email" column gets emails.
PROVIDERS: dict[str, Callable[[Faker], str]] = {
    "email": lambda f: f.email(), "first_name": lambda f: f.first_name(), "last_name": lambda f: f.last_name(),
    "phone": lambda f: f.phone_number(), "city": lambda f: f.city(), "country": lambda f: f.country_code(),
    "name": lambda f: f.catch_phrase(), "description": lambda f: f.sentence(nb_words=12), "genre": lambda f: f.word(),
    "username": lambda f: f.user_name(), "section": lambda f: f"{f.random_uppercase_letter()}{f.random_int(1, 40)}",
    "row_label": lambda f: f.random_uppercase_letter() * f.random_int(1, 2), "barcode": lambda f: f.ean13(),
    "method": lambda f: f.credit_card_provider(), "idempotency_key": lambda f: f.uuid4(),
    "availability_token": lambda f: f.sha1(), "code": lambda f: f.bothify("????-####").upper(),
    "value": lambda f: f.word(), "timezone": lambda f: f.timezone(), "decline_reason": lambda f: f.sentence(),
}


def _generic_text(f: Faker) -> str:
    return f.sentence(nb_words=3).rstrip(".")


@dataclass
class Context:
    seed: int
    rng: random.Random = field(init=False)
    faker: Faker = field(init=False)
    pools: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.faker = Faker("en_US")

    def pool(self, column: str) -> list[str]:
        """Faker values for a column of this name (made on first use, then shared by every table)."""
        if column not in self.pools:
            self.faker.seed_instance(zlib.crc32(f"{self.seed}:{column}".encode()))
            make = PROVIDERS.get(column, _generic_text)
            self.pools[column] = [make(self.faker) for _ in range(POOL_SIZE)]
        return self.pools[column]

    def child(self, label: str) -> random.Random:
        """A Random of its own for one table: adding a table to a plan leaves the others' values unchanged."""
        return random.Random(zlib.crc32(f"{self.seed}:{label}".encode()))
