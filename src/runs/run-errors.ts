/**
 * Domain errors of the write path. The engine throws these; the admin API's exception filter maps
 * them to HTTP answers (409, 503) and the CLI to exit codes.
 */

/** Another run (here, in the CLI or on another replica) holds the connector's lock. */
export class ConnectorBusyError extends Error {
  constructor(
    readonly connectorId: string,
    readonly holder: string | null,
  ) {
    super(`${connectorId} is busy: ${holder ? `held by ${holder}` : 'another run holds its lock'}`);
    this.name = 'ConnectorBusyError';
  }
}

/** The connector is backing off or waits for new credentials: no write is attempted now. */
export class ConnectorUnavailableError extends Error {
  constructor(
    readonly connectorId: string,
    readonly reason: string,
  ) {
    super(`${connectorId} takes no writes now: ${reason}`);
    this.name = 'ConnectorUnavailableError';
  }
}

/** The process is stopping: no new run starts. */
export class ShuttingDownError extends Error {
  constructor() {
    super('chat-bridge is shutting down; no new run starts');
    this.name = 'ShuttingDownError';
  }
}

/** No connector has this id. */
export class ConnectorNotFoundError extends Error {
  constructor(readonly connectorId: string) {
    super(`no connector "${connectorId}"`);
    this.name = 'ConnectorNotFoundError';
  }
}

/** The connector is configured with `enabled: false`: it is neither reconciled nor written to. */
export class ConnectorDisabledError extends Error {
  constructor(readonly connectorId: string) {
    super(`connector "${connectorId}" is disabled (enabled: false)`);
    this.name = 'ConnectorDisabledError';
  }
}
