// Types of pg-server.mjs for the TypeScript tests that use it.
export function postgresBinDir(): string;
export function freePort(): Promise<number>;
export function ownedByPostgres(path: string): void;
export function serverDirectory(prefix: string): string;
export function initCluster(data: string): void;
export function launchPostmaster(options: { data: string; port: number; socketDir: string; settings?: Record<string, string | number> }): number | undefined;
export function waitUntilAccepting(adminUrl: string, timeoutMs?: number): Promise<void>;
export function runningPostmaster(data: string): { pid: number; port: number } | null;
export function stopPostmaster(data: string, options?: { signal?: NodeJS.Signals; timeoutMs?: number; launcherPid?: number }): void;
export function startPostgres(options?: { maxConnections?: number }): Promise<{ adminUrl: string; port: number; dir: string; pid: number | undefined; stop: () => void }>;
export function stopPostgres(launcherPid: number | undefined, dir: string): void;
