// What check-clientauth.mjs and check-exchange.mjs share: a server of their own, and one line
// per check with a count of the failed ones.

import { spawn } from 'node:child_process';
import * as readline from 'node:readline';

let failures = 0;

/** Prints `ok` or `FAIL` with what was checked (and the detail, if any), and counts a failure. */
export function check(what, ok, detail) {
  if (!ok) failures += 1;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${detail === undefined ? '' : `: ${detail}`}`);
}

/** Starts server.mjs on an ephemeral port, stopped when this process exits; its issuer URL. */
export async function startServer() {
  const server = spawn(process.execPath, [new URL('server.mjs', import.meta.url).pathname], {
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const issuer = await new Promise((resolve, reject) => {
    server.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
    readline.createInterface({ input: server.stdout }).once('line', (line) => {
      resolve(line.replace(/^ISSUER=/, ''));
    });
  });
  process.on('exit', () => server.kill());
  return issuer;
}

/** Prints the summary and ends the process: exit 1 if a check failed. */
export function finish() {
  console.log(failures === 0 ? 'all checks passed' : `${failures} check(s) failed`);
  process.exit(failures === 0 ? 0 : 1);
}
