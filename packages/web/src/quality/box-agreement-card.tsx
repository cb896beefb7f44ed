import type { BoxAgreementReport } from '@biaozhu/contract';
import { useTranslation } from 'react-i18next';

const figure = (v: number | null) => (v === null ? '—' : v.toFixed(3));

/** Box agreement of one rectangles control: F1 at IoU 0.5 between annotators and the mean IoU of matched boxes, per label. */
export function BoxAgreementCard({ report }: { report: BoxAgreementReport }) {
  const { t } = useTranslation();
  return (
    <section className="card" data-testid={`box-agreement-${report.control}`}>
      <div className="card-head"><h2>{t('quality.boxes.title', { control: report.control })}</h2></div>
      <p className="muted small">{t('quality.boxes.explain', { threshold: report.threshold })}</p>
      <p data-testid="box-f1">
        {t('quality.boxes.summary', { f1: figure(report.f1), iou: figure(report.meanIou), threshold: report.threshold, tasks: report.sharedTasks, pairs: report.pairs })}
      </p>
      {report.sharedTasks === 0 && <p className="muted">{t('quality.boxes.none')}</p>}
      <table className="table table-compact" data-testid="box-f1-table">
        <thead>
          <tr>
            <th>{t('quality.boxes.label')}</th>
            <th className="num">{t('quality.boxes.boxes')}</th>
            <th className="num">{t('quality.boxes.f1', { threshold: report.threshold })}</th>
          </tr>
        </thead>
        <tbody>
          {report.perLabel.map((l) => (
            <tr key={l.label}>
              <td>{l.label || t('quality.boxes.unlabelled')}</td>
              <td className="num">{l.boxes}</td>
              <td className="num">{figure(l.f1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
