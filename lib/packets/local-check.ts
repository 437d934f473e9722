import { CONFIRM_DATE_MESSAGE, CONFIRM_URL_MESSAGE, isHttpUrlOrEmpty, SECRET_MESSAGE, TIME_MESSAGE, URL_MESSAGE } from "@/lib/packets/constants";
import { textFields, type ReadinessInput } from "@/lib/packets/readiness";
import type { Sections } from "@/lib/packets/schema";
import { findSecrets } from "@/lib/shared/secret-guard";

// The editor's check before it sends a save: the same secret guard and URL
// and time rules as the API's zod schemas, without shipping zod to the
// browser. The server stays the authority (lengths and shapes); its 400
// issues land on the same paths.

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Field path → message, in the API's path format (e.g. "sections.notVerified.notes"). */
export function localCheck(p: Pick<ReadinessInput, "title" | "incidentRef" | "audience"> & { sections: Sections }): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!p.title.trim()) errors.title = "Title is required.";
  for (const f of textFields(p)) {
    const found = findSecrets(f.text);
    if (found.length) errors[f.path] ??= SECRET_MESSAGE(found[0].label);
    if (/\.(url|sourceUrl)$/.test(f.path) && !isHttpUrlOrEmpty(f.text)) errors[f.path] ??= URL_MESSAGE;
  }
  // The same confirmation rule as the API: the operator's own accessed date and the URL they used.
  p.sections.sourcesChecked.forEach((x, i) => {
    if (x.confirmed && !x.accessed) errors[`sections.sourcesChecked.${i}.accessed`] ??= CONFIRM_DATE_MESSAGE;
    if (x.confirmed && !x.url) errors[`sections.sourcesChecked.${i}.url`] ??= CONFIRM_URL_MESSAGE;
  });
  p.sections.contractChecks.forEach((c, i) => {
    if (c.confirmed && !c.accessed) errors[`sections.contractChecks.${i}.accessed`] ??= CONFIRM_DATE_MESSAGE;
    if (c.confirmed && !c.sourceUrl) errors[`sections.contractChecks.${i}.sourceUrl`] ??= CONFIRM_URL_MESSAGE;
  });
  p.sections.timeline.forEach((e, i) => {
    if (!ISO_TIME.test(e.at) || Number.isNaN(Date.parse(e.at))) errors[`sections.timeline.${i}.at`] = TIME_MESSAGE;
  });
  return errors;
}
