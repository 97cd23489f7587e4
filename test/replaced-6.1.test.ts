// The differential test of replaced primitives on linux-6.1 (test/replaced-judged.ts).
import { replacedTreeTest } from './replaced-judged.ts';

replacedTreeTest('6.1');
