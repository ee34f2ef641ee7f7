// Real esbuild build of the test app with tracewright/esbuild: see bundlerSuite.ts.
import { describeBundler } from './bundlerSuite.js';

describeBundler('esbuild');
