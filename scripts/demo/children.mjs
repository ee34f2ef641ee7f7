// Child processes of the demo: forked with an IPC channel, their output
// forwarded with a name prefix, ready when they send `{ type: 'listening', url }`,
// stopped by the message 'shutdown' (they flush their spans first) and killed
// if they do not exit in time.
import { fork } from 'node:child_process';

const STOP_GRACE_MS = 3000;

/**
 * Forks `module` and resolves with `{ child, url }` once it listens. `onMessage`
 * sees every other message (the spans). Rejects, with the child's output, if it
 * exits first or does not listen within `timeoutMs`.
 */
export function startChild(name, module, { args = [], execArgv = [], env = {}, cwd, onMessage = () => {}, timeoutMs = 120_000, write = (line) => process.stderr.write(line) }) {
  const child = fork(module, args, { cwd, execArgv, env: { ...process.env, NODE_OPTIONS: '', ...env }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let output = '';
  const forward = (chunk) => {
    const text = String(chunk);
    output += text;
    for (const line of text.split('\n')) if (line !== '') write(`  [${name}] ${line}\n`);
  };
  child.stdout.on('data', forward);
  child.stderr.on('data', forward);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`${name} did not start listening within ${timeoutMs / 1000} s`)), timeoutMs);
    const fail = (error) => {
      clearTimeout(timer);
      child.kill();
      reject(Object.assign(error, { output }));
    };
    child.once('exit', (code, signal) => fail(new Error(`${name} exited (${signal ?? `code ${code}`}) before it listened${output ? `:\n${output}` : ''}`)));
    child.on('message', (message) => {
      if (message?.type === 'listening') {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve({ child, url: message.url });
      } else onMessage(message);
    });
  });
}

/** Asks `child` to shut down (flushing its exporters), kills it after a grace period. */
export function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    if (child.connected) child.send('shutdown');
    else child.kill();
  });
}
