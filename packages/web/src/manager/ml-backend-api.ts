import type { MlBackendSettings, MlTestResult, PredictionJobView } from '@biaozhu/contract';
import { json as call } from '../api';

export interface MlBackendBody {
  url: string;
  batchSize: number;
  timeoutSeconds: number;
}

const base = (projectId: string) => `/projects/${encodeURIComponent(projectId)}/ml-backend`;

/** The project settings' model-assistance calls (docs/ml-backends.md). */
export const mlBackendApi = {
  load: (projectId: string) => call<{ backend: MlBackendSettings | null; job: PredictionJobView | null }>('GET', base(projectId)),
  save: (projectId: string, body: MlBackendBody) => call<{ backend: MlBackendSettings }>('PUT', base(projectId), body).then((r) => r.backend),
  test: (projectId: string, body: MlBackendBody) => call<MlTestResult>('POST', `${base(projectId)}/test`, body),
  predict: (projectId: string, mode: 'missing' | 'all') => call<{ job: PredictionJobView; resumed: boolean }>('POST', `${base(projectId)}/predict`, { mode }),
};
