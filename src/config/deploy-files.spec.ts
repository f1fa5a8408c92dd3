import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'yaml';

const ROOT = join(__dirname, '../..');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

interface ComposeService {
  image?: string;
  build?: string;
  ports?: string[];
  volumes?: string[];
  environment?: Record<string, string>;
  deploy?: { replicas?: number };
  depends_on?: Record<string, { condition: string }>;
}

/**
 * No Docker engine runs in CI, so the compose file is checked for what the README promises of it:
 * several replicas behind one port on loopback, PostgreSQL with a password that must be set.
 */
describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml')) as { services: Record<string, ComposeService> };
  const { bridge, proxy, postgres } = compose.services;

  it('should run at least two replicas of the bridge on PostgreSQL, publishing no port of their own', () => {
    expect(bridge.deploy?.replicas).toBeGreaterThanOrEqual(2);
    expect(bridge.ports).toBeUndefined();
    expect(bridge.environment?.DATABASE_URL).toMatch(
      /^postgres:\/\/bridge:\$\{POSTGRES_PASSWORD:\?.+\}@postgres:5432\/bridge$/,
    );
    expect(bridge.depends_on?.postgres.condition).toBe('service_healthy');
  });

  it('should put one load balancer in front, published on 127.0.0.1 only', () => {
    expect(proxy.image).toMatch(/^nginx:\d+\.\d+/);
    expect(proxy.ports).toEqual(['127.0.0.1:3000:3000']);
    expect(proxy.volumes).toContain('./deploy/nginx.conf:/etc/nginx/nginx.conf:ro');
    expect(existsSync(join(ROOT, 'deploy/nginx.conf'))).toBe(true);
  });

  it('should run the bridge with a read-only root filesystem', () => {
    expect((bridge as { read_only?: boolean }).read_only).toBe(true);
  });

  it('should require a PostgreSQL password instead of defaulting one', () => {
    expect(postgres.environment?.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
  });
});

describe('deploy/nginx.conf', () => {
  const conf = read('deploy/nginx.conf');

  it('should balance over every replica the service name resolves to, on the bridge port', () => {
    expect(conf).toMatch(/server bridge:3000 resolve;/);
    expect(conf).toMatch(/resolver 127\.0\.0\.11/);
    expect(conf).toMatch(/proxy_pass http:\/\/bridge;/);
  });

  it('should hand a request a shutting-down replica refused (503) to the next one', () => {
    expect(conf).toMatch(/proxy_next_upstream [^;]*http_503[^;]*non_idempotent;/);
  });
});

describe('base images', () => {
  const digest = /@sha256:[0-9a-f]{64}$/;

  it('should pin every image the compose file pulls by digest', () => {
    const compose = parse(read('docker-compose.yml')) as { services: Record<string, ComposeService> };
    const pulled = Object.values(compose.services).flatMap((service) =>
      service.image ? [service.image] : [],
    );
    expect(pulled.length).toBeGreaterThan(0);
    expect(pulled.filter((image) => !digest.test(image))).toEqual([]);
  });

  it('should build the image from digest-pinned bases only', () => {
    const bases = [...read('Dockerfile').matchAll(/^FROM\s+(\S+)/gm)].map((match) => match[1]);
    expect(bases.length).toBeGreaterThan(0);
    expect(bases.filter((image) => !digest.test(image))).toEqual([]);
  });
});
