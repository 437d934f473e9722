/** Whether an origin only reaches this machine (loopback host names and addresses). */
export function isLoopbackOrigin(origin: string): boolean {
  let host: string;
  try {
    host = new URL(origin).hostname.toLowerCase();
  } catch {
    return true;
  }
  return host === "localhost" || host.endsWith(".localhost") || host === "[::1]" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host) || host === "0.0.0.0";
}
