import type { RosterRowError } from '@biaozhu/contract';
import { useTranslation } from 'react-i18next';

/**
 * The sentence of a fault. A row or header without email is only a fault when it has no phone either (an account
 * needs one of the two), so those two get a sentence that names both.
 */
function messageKey(e: RosterRowError): string {
  if (e.column === 'email' && e.code === 'required') return 'email_or_phone_required';
  if (e.column === 'email' && e.code === 'missing_column') return 'email_or_phone_missing';
  return e.code;
}

/** Every fault of a refused roster, by row and column, in the reader's language. */
export function RosterErrors({ errors, fileName }: { errors: RosterRowError[]; fileName: string }) {
  const { t } = useTranslation();
  return (
    <div className="people-roster-errors" role="alert" data-testid="roster-errors">
      <p className="strong">{t('people.roster.refused', { count: errors.length, file: fileName })}</p>
      <table className="table table-compact">
        <thead>
          <tr>
            <th className="num">{t('people.roster.row')}</th>
            <th>{t('people.roster.column')}</th>
            <th>{t('people.roster.problem')}</th>
          </tr>
        </thead>
        <tbody>
          {errors.map((e, i) => (
            <tr key={i} data-testid="roster-error" data-row={e.row} data-column={e.column ?? ''} data-code={e.code}>
              <td className="num">{e.row === 0 ? t('people.roster.header') : e.row}</td>
              <td>{e.column ? t(`people.column.${e.column === 'worker_kind' ? 'workerKind' : e.column}`) : ''}</td>
              <td title={e.message}>{t(`people.rosterError.${messageKey(e)}`, { value: e.value, firstRow: e.firstRow ?? '' })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
