-- Inventory database: prices, seats, reservations, fans, orders and entitlements.
-- Every event_id / event_group_id column refers to the events database (no cross-database FK).
-- Money is integer cents everywhere.

CREATE TABLE price_code (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    code        text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9_]{1,20}$'),
    description text NOT NULL
);

CREATE TABLE price_type (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    code        text NOT NULL UNIQUE CHECK (code ~ '^[A-Z_]{1,20}$'),
    description text NOT NULL
);

CREATE TABLE price_point (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id      uuid NOT NULL,
    price_code_id uuid NOT NULL REFERENCES price_code (id),
    price_type_id uuid NOT NULL REFERENCES price_type (id),
    base_cents    integer NOT NULL CHECK (base_cents >= 0),
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (event_id, price_code_id, price_type_id)
);

CREATE TABLE price_component (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    price_point_id uuid NOT NULL REFERENCES price_point (id),
    kind           text NOT NULL CHECK (kind IN ('FACILITY_FEE', 'SERVICE_FEE', 'TAX')),
    amount_cents   integer CHECK (amount_cents >= 0),
    rate_bps       integer CHECK (rate_bps BETWEEN 0 AND 10000),
    created_at     timestamptz NOT NULL DEFAULT now(),
    -- fees are fixed amounts, tax is a rate of (base + fees)
    CHECK ((kind = 'TAX' AND rate_bps IS NOT NULL AND amount_cents IS NULL)
        OR (kind <> 'TAX' AND amount_cents IS NOT NULL AND rate_bps IS NULL))
);
CREATE INDEX price_component_point_idx ON price_component (price_point_id);

CREATE TABLE fan (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email         text UNIQUE CHECK (email IS NULL OR (char_length(email) <= 254 AND email LIKE '%_@_%')),
    first_name    text CHECK (first_name IS NULL OR char_length(first_name) <= 100),
    last_name     text CHECK (last_name IS NULL OR char_length(last_name) <= 100),
    phone         text CHECK (phone IS NULL OR char_length(phone) <= 40),
    attributes    jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(attributes) = 'object'),
    erased_at     timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    -- GDPR erasure removes the PII; a live profile always has an email
    CHECK (erased_at IS NOT NULL OR email IS NOT NULL),
    CHECK (erased_at IS NULL OR (email IS NULL AND first_name IS NULL AND last_name IS NULL AND phone IS NULL))
);

-- Credentials for POST /v1/auth/token. Fans log in with their email; staff with a user name.
CREATE TABLE app_user (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    username      text NOT NULL UNIQUE CHECK (char_length(username) BETWEEN 1 AND 254),
    password_hash text NOT NULL,
    role          text NOT NULL CHECK (role IN ('admin', 'ops', 'fan', 'analyst')),
    fan_id        uuid UNIQUE REFERENCES fan (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    CHECK ((role = 'fan') = (fan_id IS NOT NULL))
);

CREATE TABLE offer (
    id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name                 text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    starts_at            timestamptz NOT NULL,
    ends_at              timestamptz NOT NULL,
    requires_access_code boolean NOT NULL DEFAULT false,
    created_at           timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at)
);

CREATE TABLE offer_event_group (
    offer_id       uuid NOT NULL REFERENCES offer (id),
    event_group_id uuid NOT NULL,
    PRIMARY KEY (offer_id, event_group_id)
);

CREATE TABLE access_code (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    offer_id    uuid NOT NULL REFERENCES offer (id),
    code        text NOT NULL CHECK (char_length(code) BETWEEN 1 AND 64),
    max_uses    integer NOT NULL CHECK (max_uses >= 1),
    uses        integer NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (uses BETWEEN 0 AND max_uses),
    UNIQUE (offer_id, code)
);

-- An offer with user attributes is only for fans carrying one of them (fan.attributes ->> name = value).
CREATE TABLE user_attribute (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    offer_id    uuid NOT NULL REFERENCES offer (id),
    name        text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 64),
    value       text NOT NULL CHECK (char_length(value) BETWEEN 1 AND 200),
    UNIQUE (offer_id, name, value)
);

-- A block groups the seats of one section at one price code. A block with an offer_id is only
-- sold through that offer (presale, fan club); the others are the public sale.
CREATE TABLE inventory_block (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id      uuid NOT NULL,
    section       text NOT NULL CHECK (char_length(section) BETWEEN 1 AND 40),
    price_code_id uuid NOT NULL REFERENCES price_code (id),
    offer_id      uuid REFERENCES offer (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (event_id, section, price_code_id)
);
CREATE INDEX inventory_block_event_idx ON inventory_block (event_id);

CREATE TABLE reservation_lock (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    availability_token text NOT NULL UNIQUE,
    fan_id             uuid NOT NULL REFERENCES fan (id),
    event_id           uuid NOT NULL,
    price_type_id      uuid NOT NULL REFERENCES price_type (id),
    offer_id           uuid REFERENCES offer (id),
    access_code_id     uuid REFERENCES access_code (id),
    status             text NOT NULL DEFAULT 'ACTIVE'
                       CHECK (status IN ('ACTIVE', 'RELEASED', 'EXPIRED', 'CONVERTED')),
    expires_at         timestamptz NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reservation_lock_active_idx ON reservation_lock (expires_at) WHERE status = 'ACTIVE';
CREATE INDEX reservation_lock_fan_event_idx ON reservation_lock (fan_id, event_id);

CREATE TABLE inventory_item (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id    uuid NOT NULL,
    block_id    uuid NOT NULL REFERENCES inventory_block (id),
    section     text NOT NULL CHECK (char_length(section) BETWEEN 1 AND 40),
    row_label   text NOT NULL CHECK (char_length(row_label) BETWEEN 1 AND 10),
    seat_number integer NOT NULL CHECK (seat_number >= 1),
    status      text NOT NULL DEFAULT 'AVAILABLE'
                CHECK (status IN ('AVAILABLE', 'LOCKED', 'SOLD', 'HELD', 'KILLED')),
    -- a LOCKED seat belongs to exactly one active lock: rule 1 enforced by the schema
    lock_id     uuid REFERENCES reservation_lock (id),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (event_id, section, row_label, seat_number),
    CHECK ((status = 'LOCKED') = (lock_id IS NOT NULL))
);
CREATE INDEX inventory_item_event_status_idx ON inventory_item (event_id, status);
CREATE INDEX inventory_item_block_status_idx ON inventory_item (block_id, status);
CREATE INDEX inventory_item_lock_idx ON inventory_item (lock_id) WHERE lock_id IS NOT NULL;

CREATE TABLE reservation_lock_item (
    lock_id           uuid NOT NULL REFERENCES reservation_lock (id),
    inventory_item_id uuid NOT NULL REFERENCES inventory_item (id),
    base_cents        integer NOT NULL CHECK (base_cents >= 0),
    fees_cents        integer NOT NULL CHECK (fees_cents >= 0),
    tax_cents         integer NOT NULL CHECK (tax_cents >= 0),
    total_cents       integer NOT NULL CHECK (total_cents = base_cents + fees_cents + tax_cents),
    PRIMARY KEY (lock_id, inventory_item_id)
);
CREATE INDEX reservation_lock_item_item_idx ON reservation_lock_item (inventory_item_id);

CREATE TABLE entitlement_template (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id          uuid NOT NULL,
    block_id          uuid REFERENCES inventory_block (id),
    name              text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    gate_access_level text NOT NULL CHECK (gate_access_level ~ '^[A-Z_]{1,32}$'),
    created_at        timestamptz NOT NULL DEFAULT now()
);
-- one event-wide template and at most one per block
CREATE UNIQUE INDEX entitlement_template_event_uq ON entitlement_template (event_id) WHERE block_id IS NULL;
CREATE UNIQUE INDEX entitlement_template_block_uq ON entitlement_template (block_id) WHERE block_id IS NOT NULL;

CREATE TABLE "order" (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    fan_id          uuid NOT NULL REFERENCES fan (id),
    event_id        uuid NOT NULL,
    lock_id         uuid UNIQUE REFERENCES reservation_lock (id),
    status          text NOT NULL DEFAULT 'PENDING'
                    CHECK (status IN ('PENDING', 'PAID', 'CANCELLED', 'REFUNDED')),
    total_cents     integer NOT NULL CHECK (total_cents >= 0),
    idempotency_key text NOT NULL CHECK (char_length(idempotency_key) BETWEEN 1 AND 128),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (fan_id, idempotency_key)
);
CREATE INDEX order_fan_event_idx ON "order" (fan_id, event_id);

CREATE TABLE order_item (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    order_id          uuid NOT NULL REFERENCES "order" (id),
    inventory_item_id uuid NOT NULL REFERENCES inventory_item (id),
    price_type_id     uuid NOT NULL REFERENCES price_type (id),
    base_cents        integer NOT NULL CHECK (base_cents >= 0),
    fees_cents        integer NOT NULL CHECK (fees_cents >= 0),
    tax_cents         integer NOT NULL CHECK (tax_cents >= 0),
    total_cents       integer NOT NULL CHECK (total_cents = base_cents + fees_cents + tax_cents),
    UNIQUE (order_id, inventory_item_id)
);
CREATE INDEX order_item_item_idx ON order_item (inventory_item_id);

-- Each checkout attempt is one payment, keyed by the idempotency key the client sent.
CREATE TABLE payment (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    order_id        uuid NOT NULL REFERENCES "order" (id),
    idempotency_key text NOT NULL CHECK (char_length(idempotency_key) BETWEEN 1 AND 128),
    amount_cents    integer NOT NULL CHECK (amount_cents >= 0),
    status          text NOT NULL CHECK (status IN ('AUTHORIZED', 'CAPTURED', 'DECLINED', 'REFUNDED')),
    method          text NOT NULL CHECK (char_length(method) <= 64),
    decline_reason  text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (order_id, idempotency_key)
);
CREATE INDEX payment_key_idx ON payment (idempotency_key);

CREATE TABLE entitlement (
    id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    order_id             uuid NOT NULL REFERENCES "order" (id),
    order_item_id        uuid NOT NULL UNIQUE REFERENCES order_item (id),
    inventory_item_id    uuid NOT NULL REFERENCES inventory_item (id),
    template_id          uuid REFERENCES entitlement_template (id),
    gate_access_level    text NOT NULL CHECK (gate_access_level ~ '^[A-Z_]{1,32}$'),
    barcode              text NOT NULL UNIQUE CHECK (char_length(barcode) BETWEEN 8 AND 64),
    status               text NOT NULL DEFAULT 'VALID' CHECK (status IN ('VALID', 'VOID')),
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);
-- a seat is never sold twice: at most one valid entitlement per seat
CREATE UNIQUE INDEX entitlement_valid_seat_uq ON entitlement (inventory_item_id) WHERE status = 'VALID';
CREATE INDEX entitlement_order_idx ON entitlement (order_id);
