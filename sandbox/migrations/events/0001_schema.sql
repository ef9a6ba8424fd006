-- Events database: what is performed where and when.
-- Inventory rows refer to event ids across databases; there is no cross-database foreign key.

CREATE TABLE venue (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name        text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    city        text NOT NULL CHECK (char_length(city) BETWEEN 1 AND 120),
    country     char(2) NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
    capacity    integer NOT NULL CHECK (capacity >= 0),
    timezone    text NOT NULL DEFAULT 'UTC',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE season (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name        text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    starts_on   date NOT NULL,
    ends_on     date NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_on >= starts_on)
);

CREATE TABLE performer (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name        text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    genre       text CHECK (genre IS NULL OR char_length(genre) <= 80),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE event (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name                text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    description         text CHECK (description IS NULL OR char_length(description) <= 4000),
    venue_id            uuid NOT NULL REFERENCES venue (id),
    season_id           uuid REFERENCES season (id),
    status              text NOT NULL DEFAULT 'DRAFT'
                        CHECK (status IN ('DRAFT', 'ON_SALE', 'SOLD_OUT', 'CANCELLED', 'COMPLETED')),
    starts_at           timestamptz NOT NULL,
    ends_at             timestamptz,
    max_tickets_per_fan integer NOT NULL DEFAULT 8 CHECK (max_tickets_per_fan BETWEEN 1 AND 100),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at IS NULL OR ends_at > starts_at)
);
CREATE INDEX event_status_starts_idx ON event (status, starts_at);
CREATE INDEX event_venue_idx ON event (venue_id);
CREATE INDEX event_season_idx ON event (season_id);

CREATE TABLE event_performer (
    event_id      uuid NOT NULL REFERENCES event (id),
    performer_id  uuid NOT NULL REFERENCES performer (id),
    billing_order integer NOT NULL DEFAULT 1 CHECK (billing_order >= 1),
    PRIMARY KEY (event_id, performer_id)
);
CREATE INDEX event_performer_performer_idx ON event_performer (performer_id);

CREATE TABLE event_group (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name        text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE event_group_member (
    event_group_id uuid NOT NULL REFERENCES event_group (id),
    event_id       uuid NOT NULL REFERENCES event (id),
    PRIMARY KEY (event_group_id, event_id)
);
CREATE INDEX event_group_member_event_idx ON event_group_member (event_id);
