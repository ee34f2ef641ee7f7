// Real vite build of the test app with tracewright/vite: see bundlerSuite.ts.
import { describeBundler } from './bundlerSuite.js';

describeBundler('vite');
