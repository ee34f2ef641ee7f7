// Real webpack build of the test app with tracewright/webpack: see bundlerSuite.ts.
import { describeBundler } from './bundlerSuite.js';

describeBundler('webpack');
