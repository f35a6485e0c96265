// Types of scripts/build.mjs for the TypeScript code that imports it (tests).
export declare const ROOT: string;
export declare function sourceFiles(root?: string): string[];
export declare function buildState(root?: string): 'fresh' | 'stale' | 'missing';
export declare function buildServer(root?: string): Promise<{ files: number; ms: number }>;
