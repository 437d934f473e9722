/**
 * Text cut to at most `max` characters at a word boundary, with "…" when
 * anything was cut. Stored notes and summaries are read by people: a cut
 * mid-word ("primary retai…") reads as a typo or a different word. A single
 * word longer than most of the room (an id, a URL) is still cut inside it.
 */
export function clipAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = text.slice(0, max - 1);
  // Cut before the word that does not fit; the next character may itself be a space (a whole word fits).
  const end = /\s/.test(text[max - 1] ?? "") ? room.length : room.search(/\s\S*$/);
  const cut = end >= Math.floor(max * 0.6) ? room.slice(0, end) : room;
  return `${cut.replace(/[\s,;:(–—-]+$/, "")}…`;
}
