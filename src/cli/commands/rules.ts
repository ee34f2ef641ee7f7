import type { CliCommand } from '../main.js';

/** `tracewright rules`: not built yet. */
export const command: CliCommand = {
  summary: '(not built yet)',
  usage: 'Usage: tracewright rules',
  async run(_args, io) {
    io.err('tracewright rules: not built yet\n');
    return 1;
  },
};
