import { applyEnvOverrides } from '@app/config/loading/apply-env-overrides';

describe(applyEnvOverrides.name, () => {
  it('should replace database.url and server.port when DATABASE_URL and PORT are set', () => {
    const raw: Record<string, unknown> = { server: { port: 3000 }, database: { url: 'sqlite:./a.sqlite' } };

    const result = applyEnvOverrides(raw, { DATABASE_URL: 'postgres://u:p@db/bridge', PORT: '8080' });

    expect(raw).toEqual({ server: { port: 8080 }, database: { url: 'postgres://u:p@db/bridge' } });
    expect(result).toEqual({ paths: ['database.url', 'server.port'], issues: [] });
  });

  it('should create the sections when the file has none', () => {
    const raw: Record<string, unknown> = {};

    applyEnvOverrides(raw, { DATABASE_URL: 'sqlite:/tmp/x.sqlite', PORT: '0' });

    expect(raw).toEqual({ server: { port: 0 }, database: { url: 'sqlite:/tmp/x.sqlite' } });
  });

  it('should leave the file alone when the variables are unset or empty', () => {
    const raw: Record<string, unknown> = { server: { port: 3000 } };

    expect(applyEnvOverrides(raw, { PORT: '', DATABASE_URL: '' })).toEqual({ paths: [], issues: [] });
    expect(raw).toEqual({ server: { port: 3000 } });
  });

  it('should report PORT when it is not a whole number', () => {
    const raw: Record<string, unknown> = { server: { port: 3000 } };

    expect(applyEnvOverrides(raw, { PORT: 'eighty' }).issues).toEqual([
      { path: 'server.port', message: 'environment variable PORT must be a whole number' },
    ]);
    expect(raw).toEqual({ server: { port: 3000 } });
  });
});
