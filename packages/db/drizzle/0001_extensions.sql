-- Extensions the schema relies on, created before the tables whose indexes use them.
-- pg_trgm: typo-tolerant search (similarity(), %) through GIN trigram indexes on profiles, glossary terms and
-- catalog assets. It is a trusted extension (PostgreSQL 13+), so a database owner can create it; PGlite loads
-- it in client.ts.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
