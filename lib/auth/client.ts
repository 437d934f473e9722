"use client";
import { createAuthClient } from "better-auth/react";

/** Better Auth's browser client: sign-in, sign-out, sessions, password change. */
export const authClient = createAuthClient({ basePath: "/api/auth" });
