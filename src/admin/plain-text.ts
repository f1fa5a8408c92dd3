// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** Text with no control character (PostgreSQL refuses NUL in a parameter, and logs deserve better). */
export const isPlainText = (text: string): boolean => !CONTROL_CHARACTER.test(text);
