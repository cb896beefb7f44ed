/**
 * A cleaning step's finding code in words. Most codes are plain keys of `intake.findings`; three are built from
 * parts and cannot be looked up whole (i18next reads `:` as its namespace separator): `rejected:<kind>:<reason>`
 * (a PII look-alike a validator refused, e.g. an ID number with a wrong check character), `kept:<lang>` and
 * `dropped:<lang>` (the language step). A keyword category is the manager's own name and stays as typed.
 */
export function findingLabel(t: (key: string, options?: Record<string, unknown>) => string, code: string): string {
  const rejected = /^rejected:([a-z_0-9]+):([a-z_]+)$/.exec(code);
  if (rejected) {
    const [, kind = '', reason = ''] = rejected;
    return t('intake.findingParts.rejected', {
      kind: t(`intake.findings.${kind}`, { defaultValue: kind }),
      reason: t(`intake.findingParts.reasons.${reason}`, { defaultValue: reason }),
    });
  }
  const language = /^(kept|dropped):([a-z]+)$/.exec(code);
  if (language) {
    const [, verdict = '', lang = ''] = language;
    return t(`intake.findingParts.${verdict}`, { language: t(`intake.findingParts.languages.${lang}`, { defaultValue: lang }) });
  }
  return t(`intake.findings.${code}`, { defaultValue: code });
}
