import { createHash, randomBytes } from "node:crypto";

/**
 * The one rule for bearer secrets the server hands out once (API tokens,
 * invitation links, share links): 32 random bytes as base64url, and only
 * their sha256 (hex) is ever stored or compared.
 */
export const newSecretToken = (bytes = 32) => randomBytes(bytes).toString("base64url");

export const hashToken = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");
