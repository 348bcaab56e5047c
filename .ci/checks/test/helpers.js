'use strict';
// Runs one check against a throw-away repository made of the given files.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { CHECKS } = require('../run-checks');
const { createContext } = require('../lib/context');

function makeRepo(files) {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'insightflow-checks-'));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(repo, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (Buffer.isBuffer(content)) fs.writeFileSync(file, content);
    else fs.writeFileSync(file, content);
  }
  return repo;
}

async function runCheck(name, files, options = {}) {
  const repo = makeRepo(files);
  try {
    const out = await CHECKS[name].run(createContext(repo, options));
    const { findings, notes = [] } = Array.isArray(out) ? { findings: out } : out;
    return { messages: findings.map((f) => f.message), findings, notes, repo };
  } finally {
    fs.rmSync(repo, { recursive: true, force: true });
  }
}

module.exports = { makeRepo, runCheck };
