import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** What the server says about a record without a data key the config shows (`missing_data_key`'s details). */
export interface MissingDataKey {
  line: number;
  key: string;
  object: string;
  keys: string[];
}

/** Reads the details of a `missing_data_key` error, or null when they are not of that shape. */
export function missingDataKeyOf(details: unknown): MissingDataKey | null {
  if (typeof details !== 'object' || details === null) return null;
  const d = details as Record<string, unknown>;
  if (typeof d.line !== 'number' || typeof d.key !== 'string' || typeof d.object !== 'string' || !Array.isArray(d.keys)) return null;
  return { line: d.line, key: d.key, object: d.object, keys: d.keys.filter((k): k is string => typeof k === 'string') };
}

/**
 * The import was refused because a record lacks a key the config shows: says which, in the manager's language, and
 * offers the record's own columns to fill it from. Choosing one retries the upload with the mapping added; a file
 * missing several keys comes back for the next one.
 */
export function FieldMapper({ missing, onMap }: { missing: MissingDataKey; onMap: (key: string, column: string) => void }) {
  const { t } = useTranslation();
  const [column, setColumn] = useState('');
  const keys = missing.keys.map((k) => `“${k}”`).join('、');
  return (
    <div className="error-banner field-mapper" role="alert" data-testid="import-missing-key" data-key={missing.key}>
      <p>
        {missing.keys.length > 0
          ? t('importFit.missingKey', { line: missing.line, key: missing.key, object: missing.object, keys })
          : t('importFit.missingKeyNone', { line: missing.line, key: missing.key, object: missing.object })}
      </p>
      {missing.keys.length > 0 && (
        <div className="row">
          <label className="field">
            <span>{t('importFit.mapPrompt', { key: missing.key })}</span>
            <select value={column} onChange={(e) => setColumn(e.target.value)} data-testid="import-map-column">
              <option value="">{t('importFit.mapChoose')}</option>
              {missing.keys.map((k) => (
                <option key={k} value={k}>{k}</option>
              ))}
            </select>
          </label>
          <button type="button" className="btn btn-primary" disabled={column === ''} onClick={() => onMap(missing.key, column)} data-testid="import-map-retry">
            {t('importFit.mapRetry')}
          </button>
        </div>
      )}
    </div>
  );
}
