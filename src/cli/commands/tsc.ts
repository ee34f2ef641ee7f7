import type { CliCommand } from '../main.js';

/** `tracewright tsc`: not built yet. */
export const command: CliCommand = {
  summary: '(not built yet)',
  usage: 'Usage: tracewright tsc',
  async run(_args, io) {
    io.err('tracewright tsc: not built yet\n');
    return 1;
  },
};
