import type { PipeTransform } from '@nestjs/common';

import { isPlainText } from '@app/admin/plain-text';
import { apiException } from '@app/common/api-errors';

// The operators table's key column holds up to 128 characters.
const MAX_KEY_LENGTH = 128;

/** An operator key from the path: 1 to 128 characters without control characters, else 400. */
export class OperatorKeyPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (
      typeof value !== 'string' ||
      value.length === 0 ||
      value.length > MAX_KEY_LENGTH ||
      !isPlainText(value)
    ) {
      throw apiException('BAD_REQUEST', `key must be an operator key of 1 to ${MAX_KEY_LENGTH} characters`);
    }
    return value;
  }
}
