import type { IncomingMessage, ServerResponse } from "node:http";
export function isLoopbackAddress(address: string | undefined | null): boolean;
export function sandboxCallerAllowed(remoteAddress: string | undefined | null, sandboxPublic: string | undefined): boolean;
export function isSandboxPath(url: string): boolean;
export const SANDBOX_FORBIDDEN_MESSAGE: string;
export function refuseSandboxCaller(req: IncomingMessage, res: ServerResponse, sandboxPublic?: string): boolean;
