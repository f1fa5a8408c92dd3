import { secretFields } from '@app/config/decorators/secret.decorator';

const urlPasswords = (url: unknown): string[] => {
  if (typeof url !== 'string' || !URL.canParse(url)) {
    return [];
  }
  const password = new URL(url).password;
  if (!password) {
    return [];
  }
  // The URL holds the password percent-encoded; drivers and their errors may show either form.
  try {
    return [password, decodeURIComponent(password)];
  } catch {
    return [password];
  }
};

/** Every value of a `@Secret()` field in a validated config (DTO instances), nested ones included. */
export const collectSecrets = (value: unknown, found: Set<string> = new Set<string>()): Set<string> => {
  if (Array.isArray(value)) {
    value.forEach((item) => collectSecrets(item, found));
    return found;
  }
  if (typeof value !== 'object' || value === null) {
    return found;
  }
  const secrets = secretFields(value);
  for (const [key, item] of Object.entries(value)) {
    const kind = secrets.get(key);
    if (kind === 'value' && typeof item === 'string') {
      found.add(item);
    } else if (kind === 'url-password') {
      urlPasswords(item).forEach((password) => found.add(password));
    } else {
      collectSecrets(item, found);
    }
  }
  return found;
};
