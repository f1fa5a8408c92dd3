/** `value`: the whole string is secret. `url-password`: only the password inside a URL is. */
export type SecretKind = 'value' | 'url-password';

const SECRETS = new WeakMap<object, Map<string, SecretKind>>();

/** Marks a config field whose value must never reach logs, API responses or error messages. */
export const Secret =
  (kind: SecretKind = 'value'): PropertyDecorator =>
  (target, key) => {
    const own = SECRETS.get(target) ?? new Map<string, SecretKind>();
    own.set(String(key), kind);
    SECRETS.set(target, own);
  };

/** The secret fields of a DTO instance, inherited ones included. */
export const secretFields = (instance: object): Map<string, SecretKind> => {
  const found = new Map<string, SecretKind>();
  for (
    let proto = Object.getPrototypeOf(instance) as object | null;
    proto;
    proto = Object.getPrototypeOf(proto) as object | null
  ) {
    for (const [key, kind] of SECRETS.get(proto) ?? []) {
      if (!found.has(key)) {
        found.set(key, kind);
      }
    }
  }
  return found;
};
