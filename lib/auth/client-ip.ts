/** Set by scripts/server.mjs from the connection; any value a client sends is replaced. */
export const CLIENT_IP_HEADER = "x-evidence-client-ip";
