-- reserveSeats may carry an idempotency key: the same key of the same fan returns the first
-- reservation instead of locking more seats, so a client may safely retry a lost response.
ALTER TABLE reservation_lock
    ADD COLUMN idempotency_key text CHECK (char_length(idempotency_key) BETWEEN 1 AND 128);
CREATE UNIQUE INDEX reservation_lock_idempotency_uq
    ON reservation_lock (fan_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
