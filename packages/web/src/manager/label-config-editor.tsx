import type { LabelConfig } from '@biaozhu/contract';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfigProblem } from './config-problem';
import { projectConsoleApi } from './project-console-api';

/** How long typing may pause before the config is checked. */
const CHECK_DELAY_MS = 400;

export type ConfigCheck = { state: 'checking' } | { state: 'ok'; config: LabelConfig } | { state: 'bad'; error: unknown };

/**
 * A Label Studio XML (or native JSON) label config as text, checked by the server as it is typed: the config the
 * server reads from it, or its refusal with the line and column at fault. The check is the one project creation
 * runs (POST /api/label-configs/check), so what passes here is what will be saved.
 */
export function LabelConfigEditor({ value, onChange, onCheck, testId = 'config-xml' }: {
  value: string;
  onChange: (text: string) => void;
  onCheck: (check: ConfigCheck) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const [check, setCheck] = useState<ConfigCheck>({ state: 'checking' });
  const area = useRef<HTMLTextAreaElement>(null);
  const latest = useRef(0);
  const report = useRef(onCheck);
  report.current = onCheck;

  useEffect(() => {
    const request = ++latest.current;
    const show = (c: ConfigCheck) => {
      // An answer to an older text is dropped: only the text on screen is judged.
      if (request !== latest.current) return;
      setCheck(c);
      report.current(c);
    };
    show({ state: 'checking' });
    const timer = setTimeout(() => {
      projectConsoleApi.checkConfig(value).then((config) => show({ state: 'ok', config }), (error: unknown) => show({ state: 'bad', error }));
    }, CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [value]);

  const goToLine = (line: number) => {
    const el = area.current;
    if (!el) return;
    const lines = el.value.split('\n');
    const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    el.focus();
    el.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
  };

  return (
    <div className="console-config-editor">
      <textarea ref={area} className="console-xml" value={value} spellCheck={false} rows={16} wrap="off" aria-label={t('console.config.xmlLabel')}
        onChange={(e) => onChange(e.target.value)} data-testid={testId} />
      <div className="small" role="status" data-testid="config-check" data-state={check.state}>
        {check.state === 'checking' && <span className="muted">{t('console.config.checking')}</span>}
        {check.state === 'ok' && (
          <span className="success">{t('console.config.ok', { objects: check.config.objects.length, controls: check.config.controls.length })}</span>
        )}
      </div>
      {check.state === 'bad' && <ConfigProblem error={check.error} onGoToLine={goToLine} />}
    </div>
  );
}
