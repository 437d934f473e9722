export function buildIfNeeded(options?: { force?: boolean }): boolean;
export function sourceFingerprint(): string;
