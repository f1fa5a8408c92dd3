import type { PipeTransform } from '@nestjs/common';

import { apiException } from '@app/common/api-errors';

// Ids are PostgreSQL `integer`s (SQLite accepts more, but both must answer alike).
const MAX_RECORD_ID = 2_147_483_647;

/**
 * A run or event id from the path: a positive integer that fits the column. Anything else is the
 * caller's mistake (400), never a database error.
 */
export class RecordIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const id = /^[0-9]{1,10}$/.test(value) ? Number(value) : NaN;
    if (!Number.isInteger(id) || id < 1 || id > MAX_RECORD_ID) {
      throw apiException('BAD_REQUEST', `id must be an integer between 1 and ${MAX_RECORD_ID}`);
    }
    return id;
  }
}
