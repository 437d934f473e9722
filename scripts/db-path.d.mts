export function sqlitePath(url?: string): string;
export function databaseEngine(url?: string): "sqlite" | "postgresql";
export function redactedUrl(url?: string): string;
