import type { CreatedPerson } from '@biaozhu/contract';

/**
 * A cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) is prefixed with `'`. Initial
 * passwords never start with one (core's newInitialPassword), so they are copied as they are.
 */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The one-time credentials of created accounts as CSV (row, name, email, phone, role, initial password, invitation link),
 * for the manager to hand out. Formula-safe, with a BOM so spreadsheet programs read Chinese names as UTF-8.
 */
export function credentialsCsv(created: CreatedPerson[], link: (token: string) => string, header: string[]): string {
  const lines = [header.map(cell).join(',')];
  for (const p of created) {
    lines.push([String(p.row), p.name, p.email ?? '', p.phone ?? '', p.role, p.initialPassword ?? '', p.inviteToken ? link(p.inviteToken) : ''].map(cell).join(','));
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
