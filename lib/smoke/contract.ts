import { z } from "zod";

/**
 * The application's response contract for chat-completions: the shape the
 * client needs, not every field a provider may add. A 2xx that fails this is
 * "contract confusion" — reachable, but not healthy for the workflow.
 */
export const ChatCompletionSchema = z.object({
  id: z.string().min(1),
  object: z.literal("chat.completion"),
  created: z.number().int(),
  model: z.string(),
  choices: z
    .array(
      z.object({
        index: z.number().int(),
        message: z.object({
          role: z.literal("assistant"),
          content: z.string().nullable(),
        }),
        finish_reason: z.string().nullable(),
      }),
    )
    .min(1),
  usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number(), total_tokens: z.number() }).partial().optional(),
});

export type ContractCheck = {
  /** Low-cardinality family of what came back: chat.completion, error, list, html, unparseable, empty, other. */
  objectFamily: string;
  /** Whether the body parsed against the contract (only meaningful for 2xx). */
  contract: "pass" | "fail";
  /** The provider's error envelope, when there was one (never stored raw). */
  error?: { message?: string; type?: string; code?: string };
  /** A sanitized-safe note on why the contract failed. */
  reason?: string;
};

/** Classifies a response body. The body itself is dropped after this. */
export function checkContract(contentType: string, text: string): ContractCheck {
  if (text.trim().length === 0) return { objectFamily: "empty", contract: "fail", reason: "empty body" };
  if (/text\/html/i.test(contentType) || /^\s*<(!doctype|html)/i.test(text)) {
    return { objectFamily: "html", contract: "fail", reason: "HTML page instead of JSON (wrong path or an intermediary's error page)" };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { objectFamily: "unparseable", contract: "fail", reason: "body is not valid JSON (truncated or not JSON)" };
  }
  if (typeof data !== "object" || data === null) return { objectFamily: "other", contract: "fail", reason: "JSON body is not an object" };
  const obj = data as Record<string, unknown>;
  if (obj.error && typeof obj.error === "object") {
    const e = obj.error as Record<string, unknown>;
    return {
      objectFamily: "error",
      contract: "fail",
      error: {
        message: typeof e.message === "string" ? e.message : undefined,
        type: typeof e.type === "string" ? e.type : undefined,
        code: typeof e.code === "string" ? e.code : typeof e.code === "number" ? String(e.code) : undefined,
      },
      reason: "error envelope",
    };
  }
  const family = typeof obj.object === "string" && /^[a-z0-9._-]{1,40}$/i.test(obj.object) ? obj.object : "other";
  const parsed = ChatCompletionSchema.safeParse(obj);
  if (parsed.success) return { objectFamily: family, contract: "pass" };
  const first = parsed.error.issues[0];
  return { objectFamily: family, contract: "fail", reason: `response-shape assertion failed at ${first.path.join(".") || "(root)"}` };
}

/** One event of a streamed chat completion: the shape a streaming client needs. */
export const ChatCompletionChunkSchema = z.object({
  id: z.string().min(1),
  object: z.literal("chat.completion.chunk"),
  created: z.number().int(),
  model: z.string(),
  choices: z.array(
    z.object({
      index: z.number().int(),
      delta: z.object({ role: z.string().optional(), content: z.string().nullable().optional() }),
      finish_reason: z.string().nullable().optional(),
    }),
  ),
  usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number(), total_tokens: z.number() }).partial().nullable().optional(),
});
