import 'reflect-metadata';

import { runCli } from '@app/cli';

// `npm start` / `node dist/src/main.js`: the daemon, configured by BRIDGE_CONFIG or --config.
void runCli(['start', ...process.argv.slice(2)]);
