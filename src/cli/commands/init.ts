import type { CliCommand } from '../main.js';

/** `tracewright init`: not built yet. */
export const command: CliCommand = {
  summary: '(not built yet)',
  usage: 'Usage: tracewright init',
  async run(_args, io) {
    io.err('tracewright init: not built yet\n');
    return 1;
  },
};
