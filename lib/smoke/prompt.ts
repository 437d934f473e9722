/** The safe probe prompt's id — shared by the runner and the UI. The text lives only in http-attempt.ts. */
export const SAFE_PROMPT_ID = "safe-prompt-v1";
