import { withoutIgnored } from '@app/reconcile/ignored-accounts';
import { remote } from '@app/reconcile/testing/plan.factory';

describe(withoutIgnored.name, () => {
  const admin = remote({ remoteId: '1', name: 'Admin', username: 'admin', email: 'root@example.com' });
  const bot = remote({ remoteId: '2', name: 'Bot', email: 'Bot@Example.com' });
  const anna = remote({ remoteId: '3', name: 'Anna', email: 'anna@example.com' });

  it('should drop the accounts an entry names by username or e-mail when the entry is for this connector', () => {
    const ignore = [
      { connector: 'lhc', username: 'admin' },
      { connector: 'lhc', email: 'bot@example.com' },
    ];

    expect(withoutIgnored([admin, bot, anna], ignore, 'lhc')).toEqual([anna]);
  });

  it('should keep every account when the entries are for another connector', () => {
    expect(withoutIgnored([admin, bot], [{ connector: 'chatwoot', username: 'admin' }], 'lhc')).toEqual([
      admin,
      bot,
    ]);
  });
});
