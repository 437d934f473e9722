import { z } from "zod";

export const SearchQuerySchema = z.object({ q: z.string().trim().min(1, "Type something to find.").max(200) }).strict();

export type SearchHit = { kind: "record" | "packet" | "target"; href: string; label: string; detail: string };
