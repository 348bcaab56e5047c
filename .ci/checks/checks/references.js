'use strict';
// References resolve: var.x, local.x, module.x(.output), data.t.n(.attribute), t.n(.attribute);
// each. only where for_each is set, count. only where count is; dynamic iterators inside their
// block; files read with file()/templatefile() from path.module exist.

const fs = require('node:fs');
const path = require('node:path');
const { loadSchema, normalize } = require('../lib/aws-schema');
const { walkStrings, referencesIn } = require('../lib/terraform');

const description = 'references to variables, locals, modules, resources and files resolve';

const ALWAYS = new Set(['path', 'terraform', 'self']);
const FILE_FUNCTIONS = /\b(?:file|templatefile|filebase64|filebase64sha256|filesha256|filemd5)\(\s*"\$\{path\.module\}\/([^"$]+)"/g;

function declarations(mod) {
  const d = { variables: new Set(), locals: new Set(), modules: new Map(), resources: new Set(), data: new Set(), outputs: new Set() };
  for (const b of mod.blocks) {
    if (b.kind === 'variable') d.variables.add(b.name);
    else if (b.kind === 'locals') Object.keys(b.body).forEach((k) => d.locals.add(k));
    else if (b.kind === 'module') d.modules.set(b.name, b.body.source);
    else if (b.kind === 'resource') d.resources.add(`${b.type}.${b.name}`);
    else if (b.kind === 'data') d.data.add(`${b.type}.${b.name}`);
    else if (b.kind === 'output') d.outputs.add(b.name);
  }
  return d;
}

/** Names of dynamic-block iterators that enclose a path inside a block body. */
function iteratorsOn(body, p) {
  const names = new Set();
  let node = body;
  for (let i = 0; i < p.length; i++) {
    if (p[i] === 'dynamic' && i + 1 < p.length) {
      const instances = [].concat(node.dynamic[p[i + 1]]);
      const instance = typeof p[i + 2] === 'number' ? instances[p[i + 2]] : instances[0];
      if (p[i + 3] === 'content' || p[i + 2] === 'content') names.add(instance?.iterator ?? p[i + 1]);
    }
    node = node?.[p[i]];
  }
  return names;
}

function checkAttribute(entry, attr, label, report) {
  if (!entry || attr === undefined || /^\d+$/.test(attr)) return;
  if (!entry.attrs.has(normalize(attr)) && !(attr in entry.args)) report(`${label} has no attribute "${attr}"`);
}

async function run(ctx) {
  const schema = loadSchema();
  const modules = await ctx.modules();
  const byDir = new Map(modules.map((m) => [m.dir, declarations(m)]));
  const findings = [];

  for (const mod of modules) {
    const d = byDir.get(mod.dir);
    for (const block of mod.blocks) {
      const where = block.kind === 'resource' ? `${block.type}.${block.name}` : block.kind === 'data' ? `data.${block.type}.${block.name}` : block.name ? `${block.kind}.${block.name}` : block.kind;
      const seen = new Set();
      const report = (message) => {
        if (seen.has(message)) return;
        seen.add(message);
        findings.push({ file: block.file, line: block.line, message: `${where}: ${message}` });
      };
      const strings = [];
      walkStrings(block.body, (s, p) => {
        if (block.kind === 'variable' && p[0] === 'type') return;
        if (p[0] === 'lifecycle' && p[2] === 'ignore_changes') return; // attribute names, not references
        strings.push([s, p]);
      });
      for (const [s, p] of strings) {
        for (const m of s.matchAll(FILE_FUNCTIONS)) {
          if (!fs.existsSync(path.join(mod.dir, m[1]))) report(`file ${m[1]} does not exist in ${path.relative(ctx.repo, mod.dir)}`);
        }
        for (const ref of await referencesIn(s)) {
          const [root, a, b, c] = ref;
          if (ALWAYS.has(root)) continue;
          if (root === 'var') {
            if (!d.variables.has(a)) report(`undeclared variable var.${a}`);
          } else if (root === 'local') {
            if (!d.locals.has(a)) report(`undeclared local value local.${a}`);
          } else if (root === 'each') {
            if (!('for_each' in block.body) && !iteratorsOn(block.body, p).size) report('each. is used but the block has no for_each');
          } else if (root === 'count') {
            if (!('count' in block.body)) report('count. is used but the block has no count');
          } else if (root === 'module') {
            if (!d.modules.has(a)) report(`undeclared module module.${a}`);
            else if (b !== undefined && typeof d.modules.get(a) === 'string' && d.modules.get(a).startsWith('.')) {
              const target = byDir.get(path.resolve(mod.dir, d.modules.get(a)));
              if (target && !/^\d+$/.test(b) && !target.outputs.has(b)) report(`module.${a} (${d.modules.get(a)}) has no output "${b}"`);
            }
          } else if (root === 'data') {
            if (!d.data.has(`${a}.${b}`)) report(`undeclared data source data.${a}.${b}`);
            else checkAttribute(schema.data[a], c, `data.${a}.${b}`, report);
          } else if (d.resources.has(`${root}.${a}`)) {
            checkAttribute(schema.resources[root], b, `${root}.${a}`, report);
          } else if (!iteratorsOn(block.body, p).has(root)) {
            report(`reference to undeclared ${schema.resources[root] ? 'resource' : 'name'} ${[root, a].filter(Boolean).join('.')}`);
          }
        }
      }
    }
  }
  return findings;
}

module.exports = { description, run };
