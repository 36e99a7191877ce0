#!/usr/bin/env node
// Tokenizes every real regkb file of the repository (kb/**/*.kb,
// tests/fixtures/**/*.kbtest, examples/**/*.q) with the grammars of this extension
// and fails when a construct was not recognised:
//
// - a token of code (not white space) with no scope but the file's base
//   scope and meta.* scopes;
// - a token scoped invalid.* (unknown directive, unclosed string, unknown
//   escape, stray character);
// - an `@word` outside strings and comments that is not scoped as a
//   directive (keyword.other.directive.*) or annotation (storage.type.annotation.*);
// - a string still open at the end of a line, and any scope still open at
//   the end of a file.
//
// Run from editors/vscode: `node tests/scan-all.js` (part of `npm test`).
// `node tests/scan-all.js FILE...` scans those files instead (the grammar
// chosen by extension); `node tests/scan-all.js --dump FILE` prints FILE's
// tokens.
'use strict';

const fs = require('fs');
const path = require('path');

// vscode-textmate and vscode-oniguruma come with vscode-tmgrammar-test.
const toolDir = path.dirname(require.resolve('vscode-tmgrammar-test/package.json'));
const need = (name) => require(require.resolve(name, { paths: [toolDir, __dirname] }));
const tm = need('vscode-textmate');
const onig = need('vscode-oniguruma');

const here = path.resolve(__dirname, '..');
const root = path.resolve(here, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(here, 'package.json'), 'utf8'));
const grammars = {};
for (const g of pkg.contributes.grammars) grammars[g.scopeName] = path.join(here, g.path);

const suites = [
  { dir: 'kb', ext: '.kb', scope: 'source.regkb' },
  { dir: path.join('tests', 'fixtures'), ext: '.kbtest', scope: 'source.regkb-test' },
  { dir: 'examples', ext: '.q', scope: 'source.regkb-query' },
];

function registry() {
  const wasm = fs.readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma', { paths: [toolDir, __dirname] })), 'onig.wasm'));
  const lib = onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength)).then(() => ({
    createOnigScanner: (patterns) => new onig.OnigScanner(patterns),
    createOnigString: (s) => new onig.OnigString(s),
  }));
  return new tm.Registry({
    onigLib: lib,
    loadGrammar: async (scopeName) => {
      const file = grammars[scopeName];
      if (!file) return null;
      return tm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
    },
  });
}

// The files under dir, recursively (build.rs embeds `kb/**/*.kb`), relative to it.
function walk(dir, rel) {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(dir, path.join(rel, e.name)) : [path.join(rel, e.name)]);
}

const isDirective = (s) => s.startsWith('keyword.other.directive.') || s.startsWith('storage.type.annotation.');
const inText = (scopes) => scopes.some((s) => s.startsWith('string.') || s.startsWith('comment.'));

// The problems of one file, as strings `file:line:col: message`.
function scan(grammar, text, name, base) {
  const problems = [];
  const lines = text.split(/\r?\n/);
  let stack = tm.INITIAL;
  lines.forEach((line, i) => {
    const r = grammar.tokenizeLine(line, stack);
    for (const t of r.tokens) {
      const tok = line.slice(t.startIndex, t.endIndex);
      if (tok.trim() === '') continue;
      const where = `${name}:${i + 1}:${t.startIndex + 1}`;
      const scopes = t.scopes;
      const real = scopes.filter((s) => s !== base && !s.startsWith('meta.'));
      if (real.length === 0) {
        problems.push(`${where}: \`${tok}\` has no scope (${scopes.join(' ')})`);
      }
      const bad = scopes.find((s) => s.startsWith('invalid.'));
      if (bad) problems.push(`${where}: \`${tok}\` is ${bad}`);
      if (!inText(scopes) && /@/.test(tok) && !(/^@[\p{L}\p{N}_]+$/u.test(tok) && scopes.some(isDirective))) {
        problems.push(`${where}: \`${tok}\` is not scoped as a directive (${scopes.join(' ')})`);
      }
    }
    stack = r.ruleStack;
    // The scopes an empty line would get are the ones still open.
    const open = grammar.tokenizeLine('', stack).tokens[0].scopes;
    const str = open.find((s) => s.startsWith('string.'));
    if (str) problems.push(`${name}:${i + 1}: a string (${str}) is still open at the end of the line`);
  });
  const open = grammar.tokenizeLine('', stack).tokens[0].scopes;
  if (open.length !== 1 || open[0] !== base) {
    problems.push(`${name}: scopes still open at the end of the file: ${open.join(' ')}`);
  }
  return problems;
}

async function main() {
  const reg = registry();
  const args = process.argv.slice(2);
  if (args[0] === '--dump') {
    const file = args[1];
    const suite = suites.find((s) => file && file.endsWith(s.ext));
    if (!suite) throw new Error('--dump FILE: a .kb, .kbtest or .q file');
    const g = await reg.loadGrammar(suite.scope);
    let stack = tm.INITIAL;
    fs.readFileSync(file, 'utf8').split(/\r?\n/).forEach((line, i) => {
      const r = g.tokenizeLine(line, stack);
      stack = r.ruleStack;
      for (const t of r.tokens) {
        const tok = line.slice(t.startIndex, t.endIndex);
        if (tok.trim() !== '') console.log(`${i + 1}:${t.startIndex + 1}\t${JSON.stringify(tok)}\t${t.scopes.slice(1).join(' ')}`);
      }
    });
    return 0;
  }
  let files = 0;
  let lines = 0;
  const problems = [];
  if (args.length > 0) {
    for (const file of args) {
      const suite = suites.find((s) => file.endsWith(s.ext));
      if (!suite) throw new Error(`${file}: not a .kb, .kbtest or .q file`);
      const grammar = await reg.loadGrammar(suite.scope);
      const text = fs.readFileSync(file, 'utf8');
      files += 1;
      lines += text.split(/\r?\n/).length;
      problems.push(...scan(grammar, text, file, suite.scope));
    }
  }
  for (const suite of args.length > 0 ? [] : suites) {
    const grammar = await reg.loadGrammar(suite.scope);
    if (!grammar) throw new Error(`no grammar for ${suite.scope}`);
    const dir = path.join(root, suite.dir);
    const names = walk(dir, '').filter((f) => f.endsWith(suite.ext)).sort();
    if (names.length === 0) problems.push(`${suite.dir}: no ${suite.ext} files`);
    for (const f of names) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      files += 1;
      lines += text.split(/\r?\n/).length;
      problems.push(...scan(grammar, text, path.join(suite.dir, f), suite.scope));
    }
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 50);
    console.error(shown.join('\n'));
    if (problems.length > shown.length) console.error(`... and ${problems.length - shown.length} more`);
    console.error(`scan-all: ${problems.length} problem(s) in ${files} files`);
    return 1;
  }
  console.log(`scan-all: ${files} files, ${lines} lines: every construct recognised`);
  return 0;
}

main().then((code) => { process.exitCode = code; }, (e) => { console.error(e); process.exitCode = 1; });
