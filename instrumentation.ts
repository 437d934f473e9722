// Runs once when the Next.js server starts: seed the embedded sandbox targets
// (idempotent) and start background work. Node runtime only.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { onServerStart } = await import("@/lib/server-start");
  await onServerStart();
}
