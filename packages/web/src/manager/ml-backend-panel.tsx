import type { MlTestResult, MlTestStep, PredictionJobView } from '@biaozhu/contract';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { codedMessageText } from '../components/error-text';
import { ErrorMessage } from '../components/error-message';
import { ProgressBar } from '../components/progress-bar';
import { mlBackendApi } from './ml-backend-api';

const POLL_MS = 1000;

/**
 * The project settings' model assistance: the Label Studio-compatible ML backend (address, batch size, timeout), a
 * connection test that shows what /health and /setup answered, and pre-annotation of the tasks as a background job
 * with its progress; a failed job is resumed after its last stored batch.
 */
export function MlBackendPanel({ projectId }: { projectId: string }) {
  const { t, i18n } = useTranslation();
  const [url, setUrl] = useState('');
  const [batchSize, setBatchSize] = useState(10);
  const [timeoutSeconds, setTimeoutSeconds] = useState(30);
  const [savedUrl, setSavedUrl] = useState<string | null>(null);
  const [job, setJob] = useState<PredictionJobView | null>(null);
  const [mode, setMode] = useState<'missing' | 'all'>('missing');
  const [test, setTest] = useState<MlTestResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    mlBackendApi.load(projectId).then((r) => {
      if (r.backend) {
        setUrl(r.backend.url);
        setBatchSize(r.backend.batchSize);
        setTimeoutSeconds(r.backend.timeoutSeconds);
        setSavedUrl(r.backend.url);
      }
      setJob(r.job);
    }, setError);
  }, [projectId]);

  const running = job !== null && (job.status === 'queued' || job.status === 'running');
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => void mlBackendApi.load(projectId).then((r) => setJob(r.job), () => undefined), POLL_MS);
    return () => clearInterval(timer);
  }, [projectId, running]);

  const body = { url: url.trim(), batchSize, timeoutSeconds };
  const act = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const save = () => act(async () => {
    const s = await mlBackendApi.save(projectId, body);
    setSavedUrl(s.url);
    setSaved(true);
  });
  const runTest = () => act(async () => setTest(await mlBackendApi.test(projectId, body)));
  const start = () => act(async () => {
    const s = await mlBackendApi.save(projectId, body);
    setSavedUrl(s.url);
    setJob((await mlBackendApi.predict(projectId, mode)).job);
  });

  return (
    <section className="card" data-testid="ml-backend">
      <h2>{t('ml.heading')}</h2>
      <p className="muted small">{t('ml.intro')}</p>
      <form className="form-grid" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <label className="field field-wide">
          <span>{t('ml.url')}<span className="required">*</span></span>
          <input value={url} placeholder="http://127.0.0.1:9090" onChange={(e) => { setUrl(e.target.value); setSaved(false); }} data-testid="ml-url" />
        </label>
        <label className="field">
          <span>{t('ml.batchSize')}</span>
          <input type="number" min={1} max={500} value={batchSize} onChange={(e) => { setBatchSize(Number(e.target.value)); setSaved(false); }} data-testid="ml-batch" />
        </label>
        <label className="field">
          <span>{t('ml.timeout')}</span>
          <input type="number" min={1} max={600} value={timeoutSeconds} onChange={(e) => { setTimeoutSeconds(Number(e.target.value)); setSaved(false); }} data-testid="ml-timeout" />
        </label>
        <div className="row field-wide">
          <button type="submit" className="btn btn-primary" disabled={busy || body.url === ''} data-testid="ml-save">{t('ml.save')}</button>
          <button type="button" className="btn" disabled={busy || body.url === ''} onClick={() => void runTest()} data-testid="ml-test">{t('ml.test')}</button>
          {saved && <span className="success small" role="status" data-testid="ml-saved">{t('ml.saved')}</span>}
        </div>
      </form>
      {test && (
        <div className="ml-test" data-testid="ml-test-result">
          <TestStep name="/health" step={test.health} />
          {test.setup ? <TestStep name="/setup" step={test.setup} /> : <p className="muted small">{t('ml.setupSkipped')}</p>}
        </div>
      )}
      <h3>{t('ml.preannotate')}</h3>
      <div className="row">
        <select value={mode} onChange={(e) => setMode(e.target.value as 'missing' | 'all')} disabled={running} data-testid="ml-mode" aria-label={t('ml.mode')}>
          <option value="missing">{t('ml.modeMissing')}</option>
          <option value="all">{t('ml.modeAll')}</option>
        </select>
        <button type="button" className="btn btn-primary" disabled={busy || running || body.url === ''} onClick={() => void start()} data-testid="ml-start">
          {job?.status === 'failed' ? t('ml.resume') : t('ml.start')}
        </button>
        {savedUrl === null && <span className="muted small">{t('ml.notConnected')}</span>}
      </div>
      {job && (
        <div className="ml-job" data-testid="ml-job" data-status={job.status}>
          <ProgressBar value={job.done} max={job.total} testId="ml-progress" />
          <p className="small" data-testid="ml-job-text">
            {t(`ml.status.${job.status}`)} · {t('ml.progress', { done: job.done, total: job.total, written: job.written, batches: job.batches })}
            {job.modelVersion && <> · {t('ml.modelVersion', { version: job.modelVersion })}</>}
          </p>
          {job.error && (
            <div className="error-banner" role="alert" data-testid="ml-job-error" data-code={job.errorCode ?? undefined}>
              {codedMessageText(t, (k) => i18n.exists(k), { message: job.error, code: job.errorCode, details: job.errorDetails })}
            </div>
          )}
        </div>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}

function TestStep({ name, step }: { name: string; step: MlTestStep }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="small" data-testid={`ml-step-${name.slice(1)}`} data-ok={step.ok}>
      <strong><code>{name}</code></strong> {step.ok ? t('ml.stepOk', { ms: step.ms }) : t('ml.stepFailed', { ms: step.ms })}
      {step.answer && <pre className="ml-answer">{JSON.stringify(step.answer, null, 2)}</pre>}
      {step.error && <div className="error-banner" role="alert">{codedMessageText(t, (k) => i18n.exists(k), step.error)}</div>}
    </div>
  );
}
