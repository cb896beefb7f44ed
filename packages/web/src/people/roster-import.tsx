import type { CreatedPerson, PersonDelivery, RosterPreview, RosterRowError } from '@biaozhu/contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import { ErrorMessage } from '../components/error-message';
import { peopleApi } from './people-api';
import { DeliveryChoice } from './person-form';
import { RosterErrors } from './roster-errors';

/** The faults a refused import lists in its error details, when it has them. */
function faultsOf(error: unknown): RosterRowError[] | null {
  if (!(error instanceof ApiError) || error.code !== 'roster_invalid') return null;
  const errors = (error.details as { errors?: unknown } | undefined)?.errors;
  return Array.isArray(errors) ? (errors as RosterRowError[]) : null;
}

/**
 * Bulk import from a CSV roster: the file is checked as soon as it is chosen (every fault listed by row and column,
 * nothing written), and imported only when it has none; then all rows are created in one go or none are.
 */
export function RosterImport({ onCreated }: { onCreated: (created: CreatedPerson[]) => void }) {
  const { t } = useTranslation();
  const [csv, setCsv] = useState<string | null>(null);
  const [fileName, setFileName] = useState('');
  const [preview, setPreview] = useState<RosterPreview | null>(null);
  const [delivery, setDelivery] = useState<PersonDelivery>('password');
  const [busy, setBusy] = useState<'checking' | 'importing' | null>(null);
  const [error, setError] = useState<unknown>(null);

  const choose = async (file: File | undefined) => {
    setPreview(null);
    setError(null);
    setCsv(null);
    if (!file) return;
    setFileName(file.name);
    setBusy('checking');
    try {
      const text = await file.text();
      setCsv(text);
      setPreview(await peopleApi.previewRoster(text));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  const submit = async () => {
    if (csv === null) return;
    setBusy('importing');
    setError(null);
    try {
      const created = await peopleApi.importRoster(csv, delivery);
      setCsv(null);
      setPreview(null);
      setFileName('');
      onCreated(created);
    } catch (err) {
      const faults = faultsOf(err);
      // Someone changed the accounts since the check: show the new faults the same way.
      if (faults) setPreview({ rows: [], errors: faults });
      else setError(err);
    } finally {
      setBusy(null);
    }
  };

  const ready = preview !== null && preview.errors.length === 0 && preview.rows.length > 0;
  return (
    <section className="card people-roster" data-testid="roster-import">
      <h2>{t('people.roster.title')}</h2>
      <p className="muted small">{t('people.roster.help')}</p>
      <pre className="people-sample">name,email,phone,role,team,worker_kind{'\n'}李明,liming@school.cn,13800000001,annotator,2024级1班,student{'\n'}王芳,,138-0000-0002,annotator,2024级1班,student</pre>
      <label className="field">
        <span>{t('people.roster.file')}</span>
        <input type="file" accept=".csv,text/csv" onChange={(e) => void choose(e.target.files?.[0])} data-testid="roster-file" />
      </label>
      {busy && <p className="muted" data-testid="roster-busy">{busy === 'checking' ? t('people.roster.checking') : t('people.roster.importing', { count: preview?.rows.length ?? 0 })}</p>}
      <ErrorMessage error={error} />
      {preview && preview.errors.length > 0 && <RosterErrors errors={preview.errors} fileName={fileName} />}
      {preview && preview.errors.length === 0 && (
        <p className="people-ready" data-testid="roster-ready">{t('people.roster.ready', { count: preview.rows.length, file: fileName })}</p>
      )}
      {ready && (
        <>
          <DeliveryChoice value={delivery} onChange={setDelivery} name="roster-delivery" />
          {delivery === 'invite' && <p className="muted small" role="note">{t('people.create.inviteNoSms')}</p>}
          <div className="row">
            <button type="button" className="btn btn-primary" disabled={busy !== null} onClick={() => void submit()} data-testid="roster-import-submit">
              {t('people.roster.import', { count: preview.rows.length })}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
