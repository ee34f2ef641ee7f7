import type { CliCommand } from '../main.js';

/** `tracewright report`: not built yet. */
export const command: CliCommand = {
  summary: '(not built yet)',
  usage: 'Usage: tracewright report',
  async run(_args, io) {
    io.err('tracewright report: not built yet\n');
    return 1;
  },
};
