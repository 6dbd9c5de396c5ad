/**
 * Text that a spreadsheet could take for a formula (`= + - @`, or a leading tab/CR that some
 * programs strip before evaluating) gets a leading apostrophe, the convention spreadsheets use to
 * say "this is text". Applied to every free-text cell an export writes.
 */
const FORMULA_TRIGGER = /^[=+\-@\t\r]/;

export function neutraliseFormula(text: string): string {
  return FORMULA_TRIGGER.test(text) ? `'${text}` : text;
}

/** A normalised phone (11 digits, or E.164 `+` and digits) cannot carry a formula and is kept exact. */
export function isNormalisedPhone(text: string): boolean {
  return /^\+?\d{5,20}$/.test(text);
}
