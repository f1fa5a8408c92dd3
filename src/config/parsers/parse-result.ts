/** Outcome of turning a raw YAML value into its typed form; the message is safe to show (no value in it). */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

export const parsed = <T>(value: T): ParseResult<T> => ({ ok: true, value });
export const rejected = <T>(message: string): ParseResult<T> => ({ ok: false, message });
