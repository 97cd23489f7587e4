// The differential test of replaced primitives on linux-6.12 as arm64 builds it, with its own entry
// code (test/replaced-judged.ts; docs/findings.md "arm64 on 6.12").
import { replacedTreeTest } from './replaced-judged.ts';

replacedTreeTest('6.12', 'arm64');
