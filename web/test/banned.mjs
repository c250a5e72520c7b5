// Words the page must not say to an admin (issue 19): standards' names, the
// engine's terms and internal names. Used by the unit test of words.js and by
// the Chromium scan of the rendered page.
export const banned = [
  /E\.164/i, /(?<!arrow )\bkeys?\b/i, /\bfolded\b/i, /synonym/i, /% sure/i, /percent sure/i,
  /\bundefined\b/, /\bnull\b/, /\bNaN\b/, /\[object /, /\w_\w/,
];

// bannedIn returns the banned words text holds, each with a little context.
export function bannedIn(text) {
  const found = [];
  for (const word of banned) {
    const m = text.match(word);
    if (m) found.push(`${word}: …${text.slice(Math.max(0, m.index - 40), m.index + 40)}…`);
  }
  return found;
}
