/** A thin horizontal bar; `value` of `max`, clamped to 0-100 %. */
export function ProgressBar({ value, max, testId }: { value: number; max: number; testId?: string }) {
  const pct = max > 0 ? Math.min(100, Math.max(0, (value / max) * 100)) : 0;
  return (
    <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={max} aria-valuenow={value} data-testid={testId}>
      <div className="progress-fill" style={{ width: `${pct}%` }} />
    </div>
  );
}
