#!/usr/bin/env node
'use strict';
// Offline checks of terraform/, the state machines and the workflows. Usage:
//   node run-checks.js [--repo DIR] [--ci] [check ...]
// --ci (also when CI=true): missing tools or Lambda jars are failures, not skips.
// Prints one line per finding (file:line: [check] message) and a closing count; exits 1 on findings.

const path = require('node:path');
const { createContext } = require('./lib/context');

// Loaded on first use: several of them start WebAssembly modules when required.
const CHECKS = {};
for (const name of ['hcl-format', 'provider-schema', 'references', 'project-rules', 'lambda-handlers', 'env-keys', 'state-machines', 'workflows']) {
  Object.defineProperty(CHECKS, name, { enumerable: true, get: () => require(`./checks/${name}`) });
}

async function runChecks(repo, names, options) {
  const ctx = createContext(repo, options);
  const results = [];
  for (const name of names) {
    const started = Date.now();
    const out = await CHECKS[name].run(ctx);
    const { findings, notes = [] } = Array.isArray(out) ? { findings: out } : out;
    results.push({ name, findings, notes, ms: Date.now() - started });
  }
  return results;
}

async function main() {
  const args = process.argv.slice(2);
  let repo = path.resolve(__dirname, '..', '..');
  const names = [];
  let ci = process.env.CI === 'true';
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--repo') repo = path.resolve(args[++i]);
    else if (args[i] === '--ci') ci = true;
    else if (CHECKS[args[i]]) names.push(args[i]);
    else {
      console.error(`unknown argument ${args[i]}; checks: ${Object.keys(CHECKS).join(', ')}`);
      process.exit(2);
    }
  }
  const results = await runChecks(repo, names.length ? names : Object.keys(CHECKS), { requireTools: ci });
  let failed = 0;
  for (const r of results) {
    for (const f of r.findings) console.log(`${path.relative(repo, f.file) || f.file}:${f.line ?? 1}: [${r.name}] ${f.message}`);
    for (const n of r.notes) console.log(`note [${r.name}] ${n}`);
    console.log(`${r.findings.length ? 'FAIL' : 'ok  '} ${r.name} - ${CHECKS[r.name].description} (${r.findings.length} findings, ${r.ms} ms)`);
    if (r.findings.length) failed++;
  }
  console.log(`checks: ${results.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(2);
  });
}

module.exports = { CHECKS, runChecks };
