/**
 * One CSV row of an export meant to be opened in a spreadsheet: RFC 4180 quoting, CRLF, and a leading =, +, - or @
 * prefixed with ' so spreadsheets do not run it as a formula.
 */
export function csvRow(cells: string[]): string {
  return (
    cells
      .map((c) => {
        const safe = /^[=+\-@]/.test(c) ? `'${c}` : c;
        return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
      })
      .join(',') + '\r\n'
  );
}
