import type { AvailabilityConfig } from '@app/core/config.types';
import { IsOneOf } from '@app/config/decorators/config-rules.decorators';

export const PROPAGATE_MODES = [
  'unavailable',
  'all',
  'none',
] as const satisfies readonly AvailabilityConfig['propagate'][];

export class AvailabilityConfigDto implements AvailabilityConfig {
  /** What observed availability is pushed to the other platforms: `unavailable` (busy/offline only), `all`, `none`. */
  @IsOneOf(PROPAGATE_MODES)
  propagate: AvailabilityConfig['propagate'] = 'unavailable';
}
