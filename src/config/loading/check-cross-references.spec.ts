import { plainToInstance } from 'class-transformer';
import { BridgeConfigDto } from '@app/config/dto/bridge-config.dto';
import { checkCrossReferences } from '@app/config/loading/check-cross-references';

const hub = (id: string) => ({ id, type: 'smsbat-chathub', baseUrl: 'https://hub.example' });
const check = (raw: Record<string, unknown>): string[] =>
  checkCrossReferences(plainToInstance(BridgeConfigDto, raw)).map(
    (issue) => `${issue.path}: ${issue.message}`,
  );

describe(checkCrossReferences.name, () => {
  it('should report a repeated connector id when two connectors share it', () => {
    expect(check({ connectors: [hub('a'), hub('b'), hub('a')] })).toEqual([
      'connectors[2].id: must be unique: connectors[0] has the same id',
    ]);
  });

  it('should report repeated roster keys and e-mails when they differ only in case', () => {
    const roster = [
      { key: 'anna', name: 'Anna', email: 'anna@example.com' },
      { key: 'anna', name: 'Anna 2' },
      { key: 'bob', name: 'Bob', email: 'ANNA@Example.com' },
    ];

    expect(check({ directory: { roster } })).toEqual([
      'directory.roster[1].key: must be unique: directory.roster[0] has the same key',
      'directory.roster[2].email: must be unique: directory.roster[0] has the same email',
    ]);
  });

  it('should reject directory.source when it names no configured connector', () => {
    expect(check({ directory: { source: 'lhc' }, connectors: [hub('chathub')] })).toEqual([
      'directory.source: must be "roster" or the id of a configured connector',
    ]);
  });

  it('should accept directory.source when it names a configured connector', () => {
    expect(check({ directory: { source: 'chathub' }, connectors: [hub('chathub')] })).toEqual([]);
  });

  it('should reject the id roster when a connector uses it', () => {
    expect(check({ connectors: [hub('roster')] })).toEqual([
      'connectors[0].id: cannot be "roster": directory.source uses that name',
    ]);
  });

  it('should skip entries quietly when sections are malformed', () => {
    expect(check({ directory: 'x', connectors: ['y', null, { id: 7 }] })).toEqual([]);
  });

  it('should report an ignore entry when its connector is unknown or it names no account', () => {
    const ignore = [{ connector: 'lhc', username: 'admin' }, { connector: 'a' }];

    expect(check({ connectors: [hub('a')], directory: { ignore } })).toEqual([
      'directory.ignore[0].connector: must be the id of a configured connector',
      'directory.ignore[1]: must name the account by username or email',
    ]);
  });
});
