// The regkb extension: starts `<regkb.path> lsp` (the language server over
// standard input and output) for knowledge bases (.kb), fixtures (.kbtest)
// and query files (.q). Plain JavaScript, no build step.
'use strict';

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

const LANGUAGES = ['regkb', 'regkb-test', 'regkb-query'];

/** @type {LanguageClient | undefined} */
let client;

function serverCommand() {
  const configured = vscode.workspace.getConfiguration('regkb').get('path');
  return typeof configured === 'string' && configured.trim() !== '' ? configured.trim() : 'regkb';
}

async function start() {
  const command = serverCommand();
  // No `transport` here: for an executable, TransportKind.stdio would add
  // `--stdio` to the arguments; without it the client still talks over stdio.
  const run = { command, args: ['lsp'] };
  const serverOptions = { run, debug: run };
  const clientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
  };
  client = new LanguageClient('regkb', 'regkb language server', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (err) {
    const message = err && err.message ? err.message : String(err);
    vscode.window.showErrorMessage(
      `regkb: could not start \`${command} lsp\` (${message}). Set "regkb.path" to the regkb binary.`,
    );
  }
}

async function stop() {
  if (!client) return;
  const c = client;
  client = undefined;
  try {
    await c.stop();
  } catch (_) {
    // The server may already have exited.
  }
}

async function activate(context) {
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration('regkb.path')) {
        await stop();
        await start();
      }
    }),
  );
  await start();
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate };
