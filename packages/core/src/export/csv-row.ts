/** What a spreadsheet reads as a number: a plain decimal, optionally negative, with an optional exponent. */
const PLAIN_NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * Whether a cell would be run as a formula by a spreadsheet: it starts with = + - @, or with a TAB or CR that some
 * spreadsheets skip before looking at the next character (OWASP "CSV injection"). Negative numbers such as `-3.5`
 * are numbers, not formulas, and stay as they are; `-1+A1` is not a number and is guarded.
 */
export function needsFormulaGuard(cell: string): boolean {
  return /^[=+\-@\t\r]/.test(cell) && !PLAIN_NUMBER.test(cell);
}

/**
 * One CSV row of an export meant to be opened in a spreadsheet: RFC 4180 quoting, CRLF, and a cell that a
 * spreadsheet would run as a formula prefixed with ' (needsFormulaGuard), so it is shown as text.
 */
export function csvRow(cells: string[]): string {
  return (
    cells
      .map((c) => {
        const safe = needsFormulaGuard(c) ? `'${c}` : c;
        return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
      })
      .join(',') + '\r\n'
  );
}
