/** Every parity scenario, one per library with an official instrumentation, in doc order. */
import type { Scenario } from '../scenario.js';
import { ioredisScenario } from './ioredis.js';
import { mysql2Scenario } from './mysql2.js';
import { pgScenario } from './pg.js';
import { redisScenario } from './redis.js';

export const SCENARIOS: readonly Scenario[] = [pgScenario, mysql2Scenario, ioredisScenario, redisScenario];
