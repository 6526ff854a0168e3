// Preloaded (`--import`) into a server under test: writes the URL of every module its main thread loads, one a
// line, to the file named by REDRESS_TEST_MODULES_FILE.
import { appendFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { isMainThread } from 'node:worker_threads';

const file = process.env.REDRESS_TEST_MODULES_FILE;
if (file && isMainThread)
  registerHooks({
    load(url, context, next) {
      appendFileSync(file, `${url}\n`);
      return next(url, context);
    },
  });
