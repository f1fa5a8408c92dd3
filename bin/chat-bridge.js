#!/usr/bin/env node
'use strict';
// The CLI is compiled to dist/; `npm run build` (run by `npm start`, `npm test` and `npm run demo`) produces it.
require('../dist/src/cli.js')
  .runCli(process.argv.slice(2))
  .catch(() => {
    process.exitCode = 1;
  });
