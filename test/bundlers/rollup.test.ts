// Real rollup build of the test app with tracewright/rollup: see bundlerSuite.ts.
import { describeBundler } from './bundlerSuite.js';

describeBundler('rollup');
