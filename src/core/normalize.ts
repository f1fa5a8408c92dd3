/** How names compare when matching operators: trimmed, inner spaces collapsed, case-insensitive. */
export const normalizeName = (name: string): string => name.trim().replace(/\s+/g, ' ').toLowerCase();

/** How e-mails compare when matching operators: trimmed, case-insensitive. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();
