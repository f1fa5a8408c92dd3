/** Asked for a connector id that is not in the configuration (e.g. from a URL parameter). */
export class UnknownConnectorError extends Error {
  readonly code = 'UNKNOWN_CONNECTOR';
  readonly connectorId: string;

  constructor(connectorId: string) {
    super(`unknown connector "${connectorId}"`);
    this.name = 'UnknownConnectorError';
    this.connectorId = connectorId;
  }
}
