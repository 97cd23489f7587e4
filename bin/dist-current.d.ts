/** Whether dist/ is the build of src/ beside it (bin/dist-current.js). */
export function distState(root: string): 'current' | 'missing' | 'stale';
