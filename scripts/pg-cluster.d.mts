export function freePort(): Promise<number>;
export function startCluster(dir: string, port?: number): Promise<string>;
export function stopCluster(dir: string): void;
