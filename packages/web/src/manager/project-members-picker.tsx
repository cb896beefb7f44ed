import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkforcePerson } from './membership-api';

/**
 * A list of people to check, one or many at once, with a filter by name or email (a class of forty students is
 * added in one go). Used by the project members and the teams sections; `testId` prefixes each checkbox's test id.
 */
export function PeoplePicker({ people, selected, onSelected, testId }: {
  people: WorkforcePerson[];
  selected: number[];
  onSelected: (ids: number[]) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState('');
  const needle = filter.trim().toLowerCase();
  const shown = people.filter((p) => !needle || p.name.toLowerCase().includes(needle) || (p.email ?? p.phone ?? '').toLowerCase().includes(needle));
  const allShown = shown.length > 0 && shown.every((p) => selected.includes(p.id));
  const toggle = (id: number, on: boolean) => onSelected(on ? [...selected, id] : selected.filter((x) => x !== id));
  const toggleAll = (on: boolean) => {
    const ids = new Set(shown.map((p) => p.id));
    onSelected(on ? [...new Set([...selected, ...ids])] : selected.filter((x) => !ids.has(x)));
  };

  if (people.length === 0) return <p className="muted small">{t('members.nobodyToAdd')}</p>;
  return (
    <div className="people-picker">
      <div className="row">
        <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder={t('members.filter')}
          aria-label={t('members.filter')} data-testid={`${testId}-filter`} />
        <label className="toggle">
          <input type="checkbox" checked={allShown} onChange={(e) => toggleAll(e.target.checked)} data-testid={`${testId}-all`} />
          {t('members.selectShown', { count: shown.length })}
        </label>
      </div>
      <ul className="people-picker-list">
        {shown.map((p) => (
          <li key={p.id}>
            <label className="toggle">
              <input type="checkbox" checked={selected.includes(p.id)} onChange={(e) => toggle(p.id, e.target.checked)}
                data-testid={`${testId}-${p.id}`} data-email={p.email} />
              <span className="person-name">{p.name}</span> <span className="muted small">{p.email ?? p.phone} · {t(`roles.${p.role}`)}{p.disabled ? ` · ${t('members.disabled')}` : ''}</span>
            </label>
          </li>
        ))}
      </ul>
    </div>
  );
}
