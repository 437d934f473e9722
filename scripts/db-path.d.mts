export function sqlitePath(url?: string): string;
