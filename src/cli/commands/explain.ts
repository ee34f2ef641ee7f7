import type { CliCommand } from '../main.js';

/** `tracewright explain`: not built yet. */
export const command: CliCommand = {
  summary: '(not built yet)',
  usage: 'Usage: tracewright explain',
  async run(_args, io) {
    io.err('tracewright explain: not built yet\n');
    return 1;
  },
};
