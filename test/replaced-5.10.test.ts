// The differential test of replaced primitives on linux-5.10 (test/replaced-judged.ts).
import { replacedTreeTest } from './replaced-judged.ts';

replacedTreeTest('5.10');
