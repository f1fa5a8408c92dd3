/** A value that must not show anywhere, and what it is (named in a failure). */
export interface Secret {
  label: string;
  value: string;
}
/** Something a user or an attacker can read. */
export interface Sink {
  where: string;
  text: string;
}

const excerpt = (text: string, at: number, length: number): string =>
  JSON.stringify(text.slice(Math.max(0, at - 60), at + length + 20));

/** One line per leaked secret, naming every place it shows in and the text around the first. */
export const leaksOf = (secrets: Secret[], sinks: Sink[]): string[] =>
  secrets.flatMap((secret) => {
    const found = sinks.filter((sink) => sink.text.includes(secret.value));
    if (found.length === 0) {
      return [];
    }
    const first = found[0].text;
    const places = [...new Set(found.map((sink) => sink.where))].join('; ');
    return [
      `${secret.label} in ${places} — e.g. ${excerpt(first, first.indexOf(secret.value), secret.value.length)}`,
    ];
  });

/**
 * Every 12-character piece of a secret: a secret cut short before redaction leaves one. One line
 * per secret, naming every place and showing the first.
 */
const FRAGMENT = 12;
export const fragmentLeaksOf = (secrets: Secret[], sinks: Sink[]): string[] =>
  secrets.flatMap((secret) => {
    const found = sinks.flatMap((sink) => {
      for (let i = 0; i + FRAGMENT <= secret.value.length; i++) {
        const piece = secret.value.slice(i, i + FRAGMENT);
        const at = sink.text.indexOf(piece);
        if (at >= 0 && !sink.text.includes(secret.value)) {
          return [{ where: sink.where, shown: excerpt(sink.text, at, FRAGMENT) }];
        }
      }
      return [];
    });
    return found.length === 0
      ? []
      : [
          `a piece of ${secret.label} in ${[...new Set(found.map((f) => f.where))].join('; ')} — e.g. ${found[0].shown}`,
        ];
  });
