/**
 * The node-redis scenario: one client from `createClient()`, keys under this
 * run's unique prefix (deleted in the teardown), a hash to provoke WRONGTYPE.
 */
import type { Scenario } from '../scenario.js';

export const redisScenario: Scenario = {
  library: 'redis',
  title: 'redis (node-redis)',
  module: 'redis',
  service: 'redis',
  official: { package: '@opentelemetry/instrumentation-redis', className: 'RedisInstrumentation' },
  placeholder: '<key>',
  imports: `
import { createClient } from 'redis';`,
  setup: `
const client = createClient({ socket: { host: '127.0.0.1', port: 6379 } });
await client.connect();
await client.hSet(\`\${t}:hash\`, 'name', 'grace');`,
  teardown: `
await client.del([\`\${t}:user\`, \`\${t}:hash\`, \`\${t}:n\`]);
await client.quit();`,
  operations: [
    { id: 'set', title: 'SET with options', code: "await client.set(`${t}:user`, 'grace', { EX: 60 });" },
    { id: 'get', title: 'GET', code: 'await client.get(`${t}:user`);' },
    { id: 'hget', title: 'upper-case command method (HGET)', code: "await client.HGET(`${t}:hash`, 'name');" },
    { id: 'send-command', title: 'raw command: sendCommand([...])', code: "await client.sendCommand(['STRLEN', `${t}:user`]);" },
    { id: 'wrongtype', title: 'failing command (WRONGTYPE)', code: 'await client.get(`${t}:hash`);', fails: true },
    { id: 'multi', title: 'transaction: multi().exec() of two commands', code: "await client.multi().set(`${t}:n`, '1').incr(`${t}:n`).exec();", batch: true },
    { id: 'pipeline', title: 'pipeline: multi().execAsPipeline() of two commands', code: 'await client.multi().incr(`${t}:n`).get(`${t}:n`).execAsPipeline();', batch: true },
  ],
};
