export function migrate(options?: { quiet?: boolean }): string;
