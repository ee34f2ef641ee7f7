import type { CliCommand } from '../main.js';

/** `tracewright diff`: not built yet. */
export const command: CliCommand = {
  summary: '(not built yet)',
  usage: 'Usage: tracewright diff',
  async run(_args, io) {
    io.err('tracewright diff: not built yet\n');
    return 1;
  },
};
