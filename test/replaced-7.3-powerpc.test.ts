// The differential test of replaced primitives on linux-7.3 as powerpc builds it (test/replaced-judged.ts).
import { replacedTreeTest } from './replaced-judged.ts';

replacedTreeTest('7.3', 'powerpc');
