import type { LabelConfig } from '@biaozhu/contract';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import type { ExportFormat } from '../api-types';
import { ImageExportPanel } from './image-export-panel';

interface ExportLink {
  /** The i18n key under export.formats and the test id. */
  key: string;
  format: ExportFormat;
  query?: string;
  /** Whether the project's label config gives this format anything to write (the server refuses it otherwise). */
  fits?: (config: LabelConfig) => boolean;
}

const LINKS: ExportLink[] = [
  { key: 'ls-json', format: 'ls-json' },
  { key: 'ls-json-min', format: 'ls-json-min' },
  { key: 'jsonl', format: 'jsonl' },
  { key: 'csv', format: 'csv' },
  { key: 'csv-no-bom', format: 'csv', query: 'bom=false' },
  {
    key: 'conll',
    format: 'conll',
    fits: (c) => c.controls.some((ctl) => ctl.type === 'labels' && c.objects.some((o) => o.type === 'text' && o.name === ctl.toName)),
  },
  { key: 'preference', format: 'preference', fits: (c) => c.controls.some((ctl) => ctl.type === 'pairwise' || (ctl.type === 'ranking' && (ctl.buckets ?? []).length === 0)) },
  { key: 'sft', format: 'sft', fits: (c) => c.controls.some((ctl) => ctl.type === 'textarea' && ctl.perRegion !== true) },
];

/**
 * Download links for the project's results, one per format (docs/export-formats.md). The training formats
 * (CoNLL, preference, SFT) are listed once the label config is known, and only when it has what they need.
 */
export function ExportLinks({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const [config, setConfig] = useState<LabelConfig | null>(null);
  useEffect(() => {
    let live = true;
    api.project(projectId).then(
      (p) => live && setConfig(p.labelConfig),
      () => undefined, // the page shows the project's own loading error; the links that always apply stay
    );
    return () => {
      live = false;
    };
  }, [projectId]);
  const shown = LINKS.filter((l) => l.fits === undefined || (config !== null && l.fits(config)));
  return (
    <section className="card" data-testid="export">
      <h2>{t('export.title')}</h2>
      <p className="muted small">{t('export.hint')}</p>
      <div className="row">
        {shown.map((l) => (
          <a key={l.key} className="btn" href={api.exportUrl(projectId, l.format) + (l.query ? `&${l.query}` : '')} download data-testid={`export-${l.key}`}>
            {t(`export.formats.${l.key}`)}
          </a>
        ))}
      </div>
      {config !== null && config.controls.some((c) => ['rectangles', 'polygons', 'keypoints'].includes(c.type)) && <ImageExportPanel projectId={projectId} />}
    </section>
  );
}
