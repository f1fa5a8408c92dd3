import { emptyResponse, InvalidRequestError, jsonResponse } from '@app/simulator/framework/sim-response';
import { SimulatorServer } from '@app/simulator/framework/simulator-server';
import type { SimulatorOptions } from '@app/simulator/framework/simulator.types';

/** Minimal simulator for the framework's own tests: a counter it can read and one it can bump. */
export class ProbeSimulator extends SimulatorServer {
  created = 0;

  constructor(options: SimulatorOptions = {}) {
    super(options);
    this.route('GET', '/items', () => jsonResponse({ created: this.created }));
    this.route('POST', '/items', () => jsonResponse({ id: ++this.created }, 201), { write: true });
    this.route('GET', '/items/:id', (req) => jsonResponse({ id: req.params.id, query: req.query }));
    this.route('POST', '/echo', (req) => jsonResponse({ body: req.body, raw: req.rawBody.toString('utf8') }));
    this.route('POST', '/strict', () => emptyResponse(204), {
      validate: ({ body }) =>
        typeof body === 'object' && body !== null && 'name' in body ? [] : ['name missing'],
    });
    this.route(
      'POST',
      '/guarded',
      () => {
        throw new InvalidRequestError(['handler said no']);
      },
      { guard: (req) => (req.headers['x-pass'] === 'yes' ? undefined : emptyResponse(401)) },
    );
  }
}
