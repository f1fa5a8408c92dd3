import { describeFuzzTier } from './support/fuzz-suite';

// The built daemon on a database of its own on the PostgreSQL of the medium tier's global setup.
describeFuzzTier('postgres');
