-- The example target's own database: a small library (authors and their books) in the schema
-- "library", served by PostGraphile (examples/postgraphile/README.md). Applied to an empty
-- database by the local stack (support/stack) and by the tests that need a non-public schema.
CREATE SCHEMA library;

CREATE TABLE library.author (
    id         serial PRIMARY KEY,
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    born_year  integer CHECK (born_year BETWEEN 1000 AND 2100),
    created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE library.author IS 'A person who wrote books.';

CREATE TABLE library.book (
    id         serial PRIMARY KEY,
    author_id  integer NOT NULL REFERENCES library.author (id),
    title      text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    isbn       text UNIQUE CHECK (isbn ~ '^[0-9]{13}$'),
    pages      integer CHECK (pages > 0),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX book_author_id_idx ON library.book (author_id);
COMMENT ON TABLE library.book IS 'A book; every book has exactly one author.';

-- Who may do what. PostGraphile connects as a privileged user and switches, per request, to the
-- role a JWT names (its client_id claim) or to library_anonymous when there is no token: an
-- anonymous caller reads nothing, a reader reads, a writer also adds, changes and removes.
-- Roles belong to the whole PostgreSQL cluster, so they are created only when missing.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'library_anonymous') THEN CREATE ROLE library_anonymous NOLOGIN; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'library_reader') THEN CREATE ROLE library_reader NOLOGIN; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'library_writer') THEN CREATE ROLE library_writer NOLOGIN; END IF;
END
$$;
GRANT USAGE ON SCHEMA library TO library_anonymous, library_reader, library_writer;
GRANT SELECT ON ALL TABLES IN SCHEMA library TO library_reader, library_writer;
GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA library TO library_writer;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA library TO library_writer;

-- Reference data the example reads and never changes.
INSERT INTO library.author (name, born_year) VALUES ('Ursula K. Le Guin', 1929), ('Stanisław Lem', 1921);
INSERT INTO library.book (author_id, title, isbn, pages) VALUES
    (1, 'A Wizard of Earthsea', '9780547773742', 183),
    (1, 'The Dispossessed', '9780060512750', 387),
    (2, 'Solaris', '9780156027601', 204);
