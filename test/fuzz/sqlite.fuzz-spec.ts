import { describeFuzzTier } from './support/fuzz-suite';

// The built daemon (npm run build) on a SQLite file of its own; see test/fuzz/README.md.
describeFuzzTier('sqlite');
