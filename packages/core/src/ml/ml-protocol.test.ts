import { describe, expect, it } from 'vitest';
import { MlProtocolError, parsePredictResponse, parseSetupResponse, predictRequest, protocolProjectId } from './ml-protocol.js';

const item = { from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['positive'] } };

describe('the label-studio-ml-backend protocol', () => {
  it('sends tasks with the config as XML and the project as Label Studio names it', () => {
    const project = protocolProjectId({ id: 7, created_at: 1_700_000_123_456 });
    expect(project).toBe('7.1700000123');
    expect(predictRequest([{ id: 1, data: { text: 'a' } }], '<View/>', project)).toEqual({
      tasks: [{ id: 1, data: { text: 'a' } }],
      label_config: '<View/>',
      project: '7.1700000123',
      params: { context: {} },
    });
  });

  it('reads one prediction per task, in order, with the answer-level model version as a fallback', () => {
    const out = parsePredictResponse({ results: [{ result: [item], score: 0.8, model_version: 'v2' }, [{ result: [], score: null }], { result: [item] }], model_version: 'v1' }, 3);
    expect(out).toEqual([
      { result: [item], score: 0.8, modelVersion: 'v2' },
      { result: [], score: null, modelVersion: 'v1' },
      { result: [item], score: null, modelVersion: 'v1' },
    ]);
  });

  it('names a wrong number of results and a body that is not the protocol', () => {
    const refusal = (body: unknown, n: number) => {
      try {
        parsePredictResponse(body, n);
        return null;
      } catch (error) {
        return error instanceof MlProtocolError ? { code: error.code, message: error.message, details: error.details } : null;
      }
    };
    expect(refusal({ results: [{ result: [] }] }, 2)).toEqual({
      code: 'ml_backend_wrong_count',
      message: 'the backend answered 1 results for 2 tasks (one per task, in order, is expected)',
      details: { expected: 2, got: 1 },
    });
    expect(refusal({ predictions: [] }, 1)?.code).toBe('ml_backend_bad_response');
    expect(refusal({ results: [{ result: 'x' }] }, 1)?.message).toMatch(/: results\[0\]: /);
  });

  it('reads the model version /setup names, or none', () => {
    expect(parseSetupResponse({ model_version: 3 })).toEqual({ modelVersion: '3' });
    expect(parseSetupResponse({})).toEqual({ modelVersion: null });
  });
});
