import type { CreatedPerson } from '@biaozhu/contract';
import { useTranslation } from 'react-i18next';
import { credentialsCsv } from './credentials-csv';
import { inviteLink } from './people-api';

/**
 * The initial passwords or invitation links of accounts just created. The server keeps only hashes, so this is the
 * one time they can be seen: the manager copies them or downloads them as CSV before closing the panel.
 */
export function CredentialsPanel({ created, onClose }: { created: CreatedPerson[]; onClose: () => void }) {
  const { t } = useTranslation();
  const download = () => {
    const header = ['row', 'name', 'email', 'phone', 'role', 'password', 'link'].map((c) => t(`people.credentials.csv.${c}`));
    const blob = new Blob([credentialsCsv(created, inviteLink, header)], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = 'biaozhu-accounts.csv';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <section className="card people-credentials" data-testid="credentials">
      <div className="card-head">
        <h2>{t('people.credentials.title', { count: created.length })}</h2>
      </div>
      <p className="people-once" role="note">{t('people.credentials.once')}</p>
      <div className="row">
        <button type="button" className="btn btn-primary" onClick={download} data-testid="credentials-download">{t('people.credentials.download')}</button>
        <button type="button" className="btn" onClick={onClose} data-testid="credentials-close">{t('people.credentials.close')}</button>
      </div>
      <div className="people-credentials-list">
        <table className="table table-compact">
          <thead>
            <tr>
              <th className="num">{t('people.credentials.csv.row')}</th>
              <th>{t('people.credentials.csv.name')}</th>
              <th>{t('people.column.contact')}</th>
              <th>{t('people.credentials.secret')}</th>
            </tr>
          </thead>
          <tbody>
            {created.map((p) => (
              <tr key={p.id} data-testid="credential-row" data-email={p.email ?? undefined} data-phone={p.phone ?? undefined}>
                <td className="num">{p.row}</td>
                <td>{p.name}</td>
                <td>
                  {p.email && <div>{p.email}</div>}
                  {p.phone && <div className={p.email ? 'muted small' : undefined}>{p.phone}</div>}
                </td>
                <td>
                  {p.initialPassword !== undefined && <code data-testid="credential-password">{p.initialPassword}</code>}
                  {p.inviteToken !== undefined && <code className="people-link" data-testid="credential-link">{inviteLink(p.inviteToken)}</code>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
