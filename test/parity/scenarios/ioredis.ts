/**
 * The ioredis scenario: one client, keys under this run's unique prefix
 * (deleted in the teardown), a hash to provoke WRONGTYPE.
 */
import type { Scenario } from '../scenario.js';

export const ioredisScenario: Scenario = {
  library: 'ioredis',
  title: 'ioredis',
  module: 'ioredis',
  service: 'redis',
  official: { package: '@opentelemetry/instrumentation-ioredis', className: 'IORedisInstrumentation' },
  placeholder: '<key>',
  imports: `
import Redis from 'ioredis';`,
  setup: `
const redis = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true });
await redis.connect();
await redis.hset(\`\${t}:hash\`, 'name', 'ada');`,
  teardown: `
await redis.del(\`\${t}:user\`, \`\${t}:hash\`, \`\${t}:n\`);
await redis.quit();`,
  operations: [
    { id: 'set', title: 'SET with arguments', code: "await redis.set(`${t}:user`, 'ada', 'EX', 60);" },
    { id: 'get', title: 'GET', code: 'await redis.get(`${t}:user`);' },
    {
      id: 'callback',
      title: 'callback form',
      code: 'await new Promise((resolve, reject) => redis.get(`${t}:user`, (error, value) => (error ? reject(error) : resolve(value))));',
    },
    { id: 'call', title: 'raw command: call(name, ...args)', code: "await redis.call('STRLEN', `${t}:user`);" },
    { id: 'wrongtype', title: 'failing command (WRONGTYPE)', code: 'await redis.get(`${t}:hash`);', fails: true },
    { id: 'pipeline', title: 'pipeline of two commands', code: "await redis.pipeline().set(`${t}:n`, '1').incr(`${t}:n`).exec();", batch: true },
    { id: 'multi', title: 'transaction (multi/exec) of two commands', code: 'await redis.multi().incr(`${t}:n`).get(`${t}:n`).exec();', batch: true },
  ],
};
