import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

// Extensions the migrations need on embedded PGlite (PostgreSQL ships them in contrib).
export const pgliteExtensions = { pg_trgm };
