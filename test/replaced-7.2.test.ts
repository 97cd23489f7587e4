// The differential test of replaced primitives on linux-7.2 (test/replaced-judged.ts).
import { replacedTreeTest } from './replaced-judged.ts';

replacedTreeTest('7.2');
