import { appendFileSync } from 'node:fs';

import { Logger } from '@nestjs/common';

// The adapters log every platform call at debug level; this tier runs in the jest process itself.
Logger.overrideLogger(['warn', 'error']);

// One byte per finished test: the global teardown fails a CI run whose peer tier ran none.
afterEach(() => {
  const counter = process.env.CHAT_BRIDGE_PEER_TEST_COUNT;
  if (counter) {
    appendFileSync(counter, '.');
  }
});
