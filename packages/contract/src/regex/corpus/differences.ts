/**
 * Every pattern of the corpus on which `analysePattern` and recheck disagree, and why. Of 337
 * patterns, recheck could tell 282 (55 ran past its 10 s timeout); the two agree on 269 and
 * differ on these 13.
 * None is a pattern recheck proved slow and the analyser called linear: the analyser is built to
 * err the other way (a pattern it cannot prove linear runs on RE2, which costs ~1 µs a test).
 */
type Complexity = 'linear' | 'polynomial' | 'exponential';

/** Why the two differ. */
const WHY = {
  counted:
    'a repetition of an ambiguous or variable body counted past 4 rounds: the analyser widens it to a loop and calls it exponential; recheck takes the bound as a constant, but the work grows with it (`^(?:a{1,10}){10}$` ran for more than 10 s on 96 characters, `^(?:a|a){20}$` tries 2^20 ways, `(.*a){12}` is a polynomial of degree 12)',
  succeeds:
    'what follows the ambiguous part matches whatever it leaves (or the pattern matches every string), so no input makes the match fail and recheck finds no attack; the analyser does not ask whether the rest can fail, only whether the match may end unconditionally',
  backreference:
    "a back-reference is taken as any run of its group's characters (`\\2` as `\\\\*`), which makes the lazy loop around it ambiguous; recheck fuzzes it and measures a polynomial",
  degree:
    "six loops over `b` in a row (`b*` and `[ab]+` rounds, three times): a polynomial of high degree, which recheck's fuzzer, measuring steps, takes for exponential; the analyser finds a polynomial (it does not compute degrees)",
} as const;

/** pattern → recheck's verdict, the analyser's, and why they differ. */
export const DIFFERENCES: Record<string, { recheck: Complexity; apilife: Complexity; why: string }> = {
  '(.*a){12}': { recheck: 'polynomial', apilife: 'exponential', why: WHY.counted },
  '^(?:a{1,10}){10}$': { recheck: 'linear', apilife: 'exponential', why: WHY.counted },
  '^(?:a|a){20}$': { recheck: 'linear', apilife: 'exponential', why: WHY.counted },
  '\\w(?:b{2}|a|b+){0,5}(?:[ab]|a{2}|[a-z]){0,5}(?:[a-z]{1,3}|[ab])+': { recheck: 'linear', apilife: 'exponential', why: WHY.counted },
  '^(?:[a-z0-9]?){3}.{1,3}(?:a*|[ab]+|b+){0,5}b?[ab]{0,5}$': { recheck: 'polynomial', apilife: 'exponential', why: WHY.counted },
  '^([^,]*,?)*$': { recheck: 'linear', apilife: 'exponential', why: WHY.succeeds },
  '^(?:[a-z]{2,})+(?:\\w{1,3}){3}(?:[a-z0-9])*(?:\\d{0,5}|\\w|[a-z0-9])': { recheck: 'linear', apilife: 'exponential', why: WHY.succeeds },
  '^(?:.{2,}){3}': { recheck: 'linear', apilife: 'polynomial', why: WHY.succeeds },
  '^b{2,}[a-z0-9](?:\\s{1,3}|\\d{0,5}|-*)(?:[a-z]{2,}|[a-z0-9]|[a-z]*)[a-z0-9](?:(?:-?){1,4})*': {
    recheck: 'linear',
    apilife: 'polynomial',
    why: WHY.succeeds,
  },
  '(?:b|(?:(?:[a-z]+){1,4}){3}|[a-z0-9]{0,5}\\w[a-z]{1,3}-?)': { recheck: 'linear', apilife: 'polynomial', why: WHY.succeeds },
  '^(?:[a-z]*){1,4}.(?:[a-z]|[a-z]*)(?:[a-z]{1,3}|.{1,3}|b{0,5})': { recheck: 'linear', apilife: 'polynomial', why: WHY.succeeds },
  '(["\'])(?:(?=(\\\\?))\\2.)*?\\1': { recheck: 'polynomial', apilife: 'exponential', why: WHY.backreference },
  '^(?:(?:(?:[ab]{1,3}|b*){2}|(?:[ab]+){3}|(?:\\w{1,3}|[a-z0-9]{0,5}))?|[a-z0-9].{2}\\s{0,5}[a-z]{0,5}[ab]{2}){1,3}$': {
    recheck: 'exponential',
    apilife: 'polynomial',
    why: WHY.degree,
  },
};
