export const PG_MIGRATIONS: string;
export function migrationFiles(dir?: string): { name: string; sql: string; checksum: string }[];
export function migratePostgres(url?: string, options?: { dir?: string; log?: (message: string) => void }): Promise<string[]>;
