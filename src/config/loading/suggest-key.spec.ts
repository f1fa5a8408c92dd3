import { BridgeConfigDto } from '@app/config/dto/bridge-config.dto';
import { DirectoryConfigDto } from '@app/config/dto/directory-config.dto';
import { closestKey, editDistance, knownKeysAt } from '@app/config/loading/suggest-key';

describe(closestKey.name, () => {
  it.each([
    ['deletionTreshold', 'deletionThreshold'],
    ['DeletionThreshold', 'deletionThreshold'],
    ['unmanage', 'unmanaged'],
    ['sorce', 'source'],
  ])('should suggest the declared key when %s is a typo of it', (typo, expected) => {
    expect(closestKey(typo, ['source', 'unmanaged', 'deletionThreshold', 'roster'])).toBe(expected);
  });

  it('should suggest nothing when no key is close', () => {
    expect(closestKey('colour', ['source', 'unmanaged', 'deletionThreshold', 'roster'])).toBeUndefined();
  });

  it('should count a swap of two neighbouring letters as one edit', () => {
    expect(editDistance('shcedule', 'schedule')).toBe(1);
    expect(editDistance('abc', 'xyz')).toBe(3);
  });
});

describe(knownKeysAt.name, () => {
  it('should list the keys the DTO at the path declares when the path exists', () => {
    const config = Object.assign(new BridgeConfigDto(), { directory: new DirectoryConfigDto() });

    expect(knownKeysAt(config, ['directory'])).toEqual(
      expect.arrayContaining(['source', 'unmanaged', 'deletionThreshold', 'roster']),
    );
    expect(knownKeysAt(config, ['nowhere'])).toEqual([]);
  });
});
