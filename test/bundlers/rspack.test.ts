// Real rspack build of the test app with tracewright/rspack: see bundlerSuite.ts.
import { describeBundler } from './bundlerSuite.js';

describeBundler('rspack');
