import type { ReactNode } from 'react';

/** One labelled input of the assignment-policy editor with its hint underneath. */
export function PolicyField({ label, hint, testId, value, onChange, wide, placeholder, suffix, numeric = true, invalid }: {
  label: string;
  hint: ReactNode;
  testId: string;
  value: string;
  onChange: (value: string) => void;
  wide?: boolean;
  placeholder?: string;
  suffix?: string;
  /** False for a text field: shows the ordinary keyboard on phones. */
  numeric?: boolean;
  /** Set when the server refused the value: the input is outlined. */
  invalid?: boolean;
}) {
  return (
    <label className={wide ? 'field field-wide' : 'field'}>
      <span>{label}</span>
      <span className="row policy-input">
        <input type="text" inputMode={numeric ? 'decimal' : 'text'} value={value} placeholder={placeholder} data-testid={testId}
          aria-invalid={invalid || undefined} className={invalid ? 'input-invalid' : undefined}
          onChange={(e) => onChange(e.target.value)} />
        {suffix && <span className="muted small">{suffix}</span>}
      </span>
      <span className="muted small">{hint}</span>
    </label>
  );
}
