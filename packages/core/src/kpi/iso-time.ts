const digit = (s: string, i: number) => s.charCodeAt(i) - 48;
const two = (s: string, i: number) => digit(s, i) * 10 + digit(s, i + 1);

/**
 * Milliseconds of a UTC ISO-8601 timestamp (`YYYY-MM-DDTHH:MM:SS[.sss]Z`, what GitHub and the
 * store write), several times faster than Date.parse on a million rows; anything else falls back.
 */
export function isoToMs(text: string): number {
  if (text.length < 20 || text.charCodeAt(10) !== 84 /* T */ || text.charCodeAt(text.length - 1) !== 90 /* Z */) {
    return Date.parse(text);
  }
  const year = digit(text, 0) * 1000 + digit(text, 1) * 100 + two(text, 2);
  let ms = 0;
  if (text.charCodeAt(19) === 46 /* . */) {
    const frac = text.slice(20, text.length - 1);
    ms = Math.round(Number(`0.${frac}`) * 1000);
  }
  return Date.UTC(year, two(text, 5) - 1, two(text, 8), two(text, 11), two(text, 14), two(text, 17), ms);
}
