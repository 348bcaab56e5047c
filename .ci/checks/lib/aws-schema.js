'use strict';
// The AWS provider schema as the checks need it, extracted from the .jsii file that ships in
// @cdktf/provider-aws (it describes hashicorp/aws, generated from the provider's own schema).
// Parsing the 130 MB file takes seconds, so the extract is cached next to node_modules and
// rebuilt whenever the package version changes (npm ci wipes node_modules and the cache with it).
//
// Shape: { provider: 'hashicorp/aws <version>', resources: { aws_x: Block }, data: { aws_x: Block }, providerConfig: Block }
//   Block = { args: { name: Arg }, attrs: [normalized attribute names] }
//   Arg   = { required: bool, block: bool, nested: Block | undefined }

const fs = require('node:fs');
const path = require('node:path');

const PACKAGE_DIR = path.dirname(require.resolve('@cdktf/provider-aws/package.json'));
const CACHE_DIR = path.join(__dirname, '..', 'node_modules', '.cache', 'insightflow-checks');

/** Attribute names are compared without underscores or case: cdktf camel-cases them. */
function normalize(name) {
  return name.replace(/_/g, '').toLowerCase();
}

function terraformName(prop) {
  const text = `${prop.docs?.summary ?? ''} ${prop.docs?.remarks ?? ''}`;
  const anchor = /#([a-z0-9_]+) /.exec(text);
  return anchor ? anchor[1] : prop.name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The struct a property's type points at, through lists and IResolvable unions. */
function structOf(type, types) {
  if (!type) return undefined;
  if (type.fqn) return types[type.fqn]?.datatype ? type.fqn : undefined;
  if (type.collection) return structOf(type.collection.elementtype, types);
  if (type.union) {
    for (const t of type.union.types) {
      const s = structOf(t, types);
      if (s) return s;
    }
  }
  return undefined;
}

function extract(jsii) {
  const types = jsii.types;
  const structs = {};

  function block(fqn) {
    if (structs[fqn]) return fqn;
    const struct = { args: {} };
    structs[fqn] = struct;
    for (const prop of types[fqn].properties ?? []) {
      const nested = structOf(prop.type, types);
      const isBlock = /\bblock\.$/.test(prop.docs?.summary ?? '');
      struct.args[terraformName(prop)] = {
        required: !prop.optional,
        block: isBlock,
        nested: nested ? block(nested) : undefined,
      };
    }
    return fqn;
  }

  const resources = {};
  const data = {};
  let providerConfig;
  for (const type of Object.values(types)) {
    if (type.kind !== 'class' || !type.initializer) continue;
    const link = /docs\/(resources|data-sources)\/[a-z0-9_]+ (aws_[a-z0-9_]+)\}/.exec(type.docs?.summary ?? '');
    const configFqn = type.initializer.parameters?.[2]?.type?.fqn;
    if (type.base === 'cdktf.TerraformProvider' && configFqn) {
      providerConfig = { config: block(configFqn), attrs: [] };
      continue;
    }
    if (!link || !configFqn) continue;
    const attrs = (type.properties ?? [])
      .filter((p) => !p.static && !p.name.endsWith('Input'))
      .map((p) => normalize(p.name));
    const entry = { config: block(configFqn), attrs: [...new Set(attrs)] };
    (link[1] === 'resources' ? resources : data)[link[2]] = entry;
  }
  const version = /hashicorp\/aws\/(\d+\.\d+\.\d+)\//.exec(JSON.stringify(types['@cdktf/provider-aws.s3Bucket.S3Bucket'].docs))?.[1];
  return { provider: `hashicorp/aws ${version}`, structs, resources, data, providerConfig };
}

/** Resolves struct references so callers see plain nested objects. */
function link(raw) {
  const blocks = {};
  function resolve(fqn) {
    if (blocks[fqn]) return blocks[fqn];
    const b = { args: {} };
    blocks[fqn] = b;
    for (const [name, arg] of Object.entries(raw.structs[fqn].args)) {
      b.args[name] = { required: arg.required, block: arg.block, nested: arg.nested ? resolve(arg.nested) : undefined };
    }
    return b;
  }
  const entries = (m) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, { ...resolve(v.config), attrs: new Set(v.attrs) }]));
  return {
    provider: raw.provider,
    resources: entries(raw.resources),
    data: entries(raw.data),
    providerConfig: { ...resolve(raw.providerConfig.config), attrs: new Set() },
  };
}

let loaded;

/** The schema; built from the .jsii once per installed package version, then read from the cache. */
function loadSchema() {
  if (loaded) return loaded;
  const version = JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8')).version;
  const cacheFile = path.join(CACHE_DIR, `aws-schema-${version}.json`);
  let raw;
  if (fs.existsSync(cacheFile)) {
    raw = JSON.parse(fs.readFileSync(cacheFile, 'utf8'));
  } else {
    raw = extract(JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, '.jsii'), 'utf8')));
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(raw));
    fs.renameSync(tmp, cacheFile);
  }
  loaded = link(raw);
  return loaded;
}

module.exports = { loadSchema, normalize };
