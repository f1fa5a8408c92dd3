#!/usr/bin/env node
'use strict';
// The CLI is compiled to dist/; `npm run build` (run by `npm start`, `npm test` and `npm run demo`) produces it.
require('../dist/src/cli.js');
