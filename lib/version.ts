// Inlined at build time from package.json (next.config.mjs).
export const APP_VERSION: string = process.env.NEXT_PUBLIC_APP_VERSION ?? "0.0.0-dev";
