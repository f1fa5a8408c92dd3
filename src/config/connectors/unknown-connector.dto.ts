import { Allow } from 'class-validator';
import { ConnectorBaseDto } from '@app/config/connectors/connector-base.dto';

/**
 * Stands in for a connector whose `type` is missing or unknown: the type error is reported and the
 * common keys are still checked, but `auth` and `options` are not, since their shape depends on it.
 */
export class UnknownConnectorDto extends ConnectorBaseDto {
  // Any valid value: the per-type default cannot be known, and "is required" would only add noise.
  override rateLimit = 1;

  @Allow()
  auth?: unknown;

  @Allow()
  options?: unknown;
}
