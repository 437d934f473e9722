import type { z } from "zod";

/** The small, fixed set of error codes every API response uses. */
export type ErrorCode =
  | "bad_request"
  | "not_found"
  | "conflict"
  | "unauthorized"
  | "forbidden"
  | "rate_limited"
  | "unsupported_media_type"
  | "payload_too_large"
  | "method_not_allowed"
  | "internal";

export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
};

export type ErrorIssue = { path: string; message: string };

/** An error whose message is safe to show the client. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ErrorIssue[],
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const notFound = (what: string) => new AppError("not_found", `${what} not found.`);
export const badRequest = (message: string, issues?: ErrorIssue[]) => new AppError("bad_request", message, issues);
export const conflict = (message: string, issues?: ErrorIssue[]) => new AppError("conflict", message, issues);

export function zodIssues(error: z.ZodError): ErrorIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join(".") || "(body)",
    message: issue.message,
  }));
}

export type ErrorEnvelope = { error: { code: ErrorCode; message: string; issues?: ErrorIssue[] } };
export const unauthorized = (message = "Sign in, or send an API token as `Authorization: Bearer <token>`.") => new AppError("unauthorized", message);
export const forbidden = (message: string) => new AppError("forbidden", message);
