'use strict';
// Every resource and data type, argument and nested block exists in the AWS provider schema, blocks
// are written as blocks and arguments as arguments, and required arguments are present. Module
// calls pass only variables the module declares and every variable it requires.

const fs = require('node:fs');
const path = require('node:path');
const { loadSchema } = require('../lib/aws-schema');
const { lineOfArgument } = require('../lib/terraform');

const description = 'resources, data sources, arguments and blocks exist in the AWS provider schema';

const META_ARGUMENTS = new Set(['count', 'for_each', 'provider', 'depends_on', 'lifecycle', 'provisioner', 'connection']);
const MODULE_META = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

function isObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Checks one block body against its schema; where names the block for messages. */
function checkBody(body, schema, where, report, topLevel) {
  const present = new Set(Object.keys(body));
  const dynamicBlocks = isObject(body.dynamic) ? body.dynamic : {};
  for (const [name, value] of Object.entries(body)) {
    if (topLevel && META_ARGUMENTS.has(name)) continue;
    if (name === 'dynamic') {
      for (const [blockName, instances] of Object.entries(dynamicBlocks)) {
        const arg = schema.args[blockName];
        if (!arg) {
          report(blockName, `${where}: dynamic "${blockName}": no such block in the provider schema`);
          continue;
        }
        if (!arg.block) report(blockName, `${where}: dynamic "${blockName}": ${blockName} is an argument, not a block`);
        for (const instance of [].concat(instances)) {
          for (const content of [].concat(instance.content ?? [])) {
            if (arg.nested && isObject(content)) checkBody(content, arg.nested, `${where}.${blockName}`, report, false);
          }
        }
      }
      continue;
    }
    const arg = schema.args[name];
    if (!arg) {
      report(name, `${where}: unsupported argument or block "${name}" (not in the AWS provider schema)`);
      continue;
    }
    if (arg.block) {
      if (!Array.isArray(value) || !value.every(isObject)) {
        report(name, `${where}: ${name} is a block: write ${name} { … }, not ${name} = …`);
        continue;
      }
      for (const instance of value) checkBody(instance, arg.nested, `${where}.${name}`, report, false);
    } else if (Array.isArray(value) && value.length > 0 && value.every(isObject) && !arg.nested) {
      report(name, `${where}: ${name} is an argument: write ${name} = …, not a ${name} { … } block`);
    }
  }
  for (const [name, arg] of Object.entries(schema.args)) {
    if (arg.required && !present.has(name) && !(name in dynamicBlocks)) {
      report(name, `${where}: required ${arg.block ? 'block' : 'argument'} "${name}" is missing`);
    }
  }
}

/** Variables a local module declares: { name: hasDefault }. */
function moduleVariables(modules, dir) {
  const mod = modules.find((m) => m.dir === dir);
  if (!mod) return undefined;
  const vars = {};
  for (const b of mod.blocks) if (b.kind === 'variable') vars[b.name] = 'default' in b.body;
  return vars;
}

async function run(ctx) {
  const schema = loadSchema();
  const modules = await ctx.modules();
  const findings = [];
  for (const mod of modules) {
    for (const block of mod.blocks) {
      const text = fs.readFileSync(block.file, 'utf8');
      const report = (arg, message) => findings.push({ file: block.file, line: lineOfArgument(text, arg, block.line), message });
      if (block.kind === 'resource' || block.kind === 'data') {
        const table = block.kind === 'resource' ? schema.resources : schema.data;
        const label = `${block.kind === 'data' ? 'data.' : ''}${block.type}.${block.name}`;
        if (!block.type.startsWith('aws_')) {
          findings.push({ file: block.file, line: block.line, message: `${label}: only the hashicorp/aws provider is declared and checked` });
        } else if (!table[block.type]) {
          findings.push({ file: block.file, line: block.line, message: `${label}: unknown ${block.kind === 'data' ? 'data source' : 'resource type'} ${block.type} (${schema.provider})` });
        } else {
          checkBody(block.body, table[block.type], label, report, true);
        }
      } else if (block.kind === 'provider' && block.name === 'aws') {
        checkBody(block.body, schema.providerConfig, 'provider "aws"', report, true);
      } else if (block.kind === 'module') {
        const source = block.body.source;
        if (typeof source !== 'string' || !source.startsWith('.')) continue;
        const dir = path.resolve(mod.dir, source);
        const vars = moduleVariables(modules, dir);
        if (!vars) {
          findings.push({ file: block.file, line: block.line, message: `module.${block.name}: source ${source} is no module directory` });
          continue;
        }
        for (const arg of Object.keys(block.body)) {
          if (!MODULE_META.has(arg) && !(arg in vars)) report(arg, `module.${block.name}: ${source} has no variable "${arg}"`);
        }
        for (const [name, hasDefault] of Object.entries(vars)) {
          if (!hasDefault && !(name in block.body)) findings.push({ file: block.file, line: block.line, message: `module.${block.name}: required variable "${name}" of ${source} is not set` });
        }
      }
    }
  }
  return findings;
}

module.exports = { description, run };
