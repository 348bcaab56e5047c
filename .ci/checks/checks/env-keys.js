'use strict';
// Every INSIGHTFLOW_* variable that terraform/ sets is a configuration key the library knows: the
// keys are read from docs/configuration.md (generated from InsightflowProperties), and a key maps to
// its variable by dots to underscores, upper case (insightflow.sync.threads -> INSIGHTFLOW_SYNC_THREADS);
// a per-table key's variables add _<TABLE> (INSIGHTFLOW_SYNC_WRITEMODE_ORDERS).

const fs = require('node:fs');
const path = require('node:path');
const { walkStrings } = require('../lib/terraform');

const description = 'INSIGHTFLOW_* variables set by Terraform are keys in docs/configuration.md';

const VARIABLE = /\bINSIGHTFLOW_[A-Z0-9_]+\b/g;

function knownVariables(repo) {
  const file = path.join(repo, 'docs', 'configuration.md');
  const keys = new Set();
  for (const m of fs.readFileSync(file, 'utf8').matchAll(/^\|\s*`(insightflow\.[A-Za-z0-9_.]+)`( \(per table\))?/gm)) {
    keys.add(m[1].replace(/\./g, '_').toUpperCase());
    // A per-table key also takes one variable per table, <VARIABLE>_<TABLE>, built in terraform as
    // "<VARIABLE>_${upper(table)}": the literal part ends with the underscore.
    if (m[2]) keys.add(m[1].replace(/\./g, '_').toUpperCase() + '_');
  }
  return keys;
}

async function run(ctx) {
  const known = knownVariables(ctx.repo);
  if (known.size === 0) return [{ file: path.join(ctx.repo, 'docs', 'configuration.md'), line: 1, message: 'no keys found in the table of docs/configuration.md' }];
  const findings = [];
  for (const mod of await ctx.modules()) {
    for (const block of mod.blocks) {
      const seen = new Set();
      const look = (s) => {
        for (const [name] of s.matchAll(VARIABLE)) {
          if (known.has(name) || seen.has(name)) continue;
          seen.add(name);
          findings.push({ file: block.file, line: block.line, message: `${name} is not a known configuration key: no key in docs/configuration.md maps to it` });
        }
      };
      walkStrings(block.body, look, [], look);
    }
  }
  return findings;
}

module.exports = { description, run };
