'use strict';
// What every check gets: the repository root, where terraform lives, options, and the parsed
// modules (parsed once, on first use).

const path = require('node:path');
const { loadModules } = require('./terraform');

function createContext(repo, options = {}) {
  let modules;
  return {
    repo,
    terraformDir: path.join(repo, 'terraform'),
    requireTools: Boolean(options.requireTools),
    modules: () => (modules ??= loadModules(path.join(repo, 'terraform'))),
  };
}

module.exports = { createContext };
