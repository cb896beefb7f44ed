import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/test-db.js';
import { seedPeople, startTestServer, uploadTasks, type ApiClient, type TestServer } from '../support/test-server.js';
import { TEMPLATES } from '../../packages/web/src/manager/templates.js';

const SENTIMENT_XML = `<View>
  <Text name="text" value="$text"/>
  <Choices name="sentiment" toName="text">
    <Choice value="Positive"/>
    <Choice value="Negative"/>
    <Choice value="Neutral"/>
  </Choices>
</View>`;
const pick = (choice: string) => [{ from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: [choice] } }];

describe.each(DIALECTS)('project settings, archive and delete over HTTP on %s', (dialect) => {
  let server: TestServer;
  let manager: ApiClient;
  let workers: ApiClient[];

  beforeAll(async () => {
    server = await startTestServer(dialect);
    ({ manager, workers } = await seedPeople(server, 1));
  });
  afterAll(async () => server?.stop());

  /** A sentiment project whose one task the worker answered with `choice`. */
  async function answeredProject(choice: string, config: unknown = SENTIMENT_XML) {
    const created = await manager.request('POST', '/api/projects', { name: `settings ${Date.now()} ${Math.random()}`, labelConfig: config });
    expect(created.status).toBe(201);
    const projectId = created.body.project.id as number;
    expect((await uploadTasks(manager, projectId, 'tasks.jsonl', '{"text":"很好"}\n{"text":"bad"}')).status).toBe(201);
    const next = await workers[0]!.request('POST', `/api/projects/${projectId}/next`);
    const submit = await workers[0]!.request('POST', `/api/assignments/${next.body.assignment.id}/submit`, { result: pick(choice), idempotencyKey: `k-${projectId}` });
    expect(submit.status).toBe(200);
    return projectId;
  }

  const config = async (projectId: number) => (await manager.request('GET', `/api/projects/${projectId}`)).body.project.labelConfig;
  const auditActions = async (projectId: number) =>
    (await server.db.kysely.selectFrom('audit_events').select('action').where('entity_type', '=', 'project').where('entity_id', '=', String(projectId)).orderBy('id').execute()).map((r) => r.action);

  it('checks a pasted Label Studio XML config and names the line and column of the problem', async () => {
    const ok = await manager.request('POST', '/api/label-configs/check', { labelConfig: SENTIMENT_XML });
    expect(ok.status).toBe(200);
    expect(ok.body.labelConfig.controls[0].name).toBe('sentiment');
    const broken = await manager.request('POST', '/api/label-configs/check', { labelConfig: SENTIMENT_XML.replace('<Choice value="Negative"/>', '<Choice value="Negative">') });
    expect(broken.status).toBe(400);
    expect(broken.body.error).toMatchObject({ code: 'bad_xml', details: { line: 7 } });
    // the checker's issue as a code and the values its sentence names, for the web to translate, beside the English
    expect(broken.body.error.details.issue).toMatchObject({ code: 'xml_syntax', params: { line: 7 } });
    expect(broken.body.error.message).toContain('line 7');
    const unknownTag = await manager.request('POST', '/api/label-configs/check', { labelConfig: SENTIMENT_XML.replace('<Choice value="Neutral"/>', '<Choice value="Neutral"/>\n    <Video name="v" value="$v"/>') });
    expect(unknownTag.body.error).toMatchObject({ code: 'unsupported_tag', details: { line: 7, column: 5 } });
    expect(unknownTag.body.error.details.issue).toMatchObject({ params: { tag: 'Video' } });
    expect(unknownTag.body.error.message).toContain('<Video>');
    expect((await workers[0]!.request('POST', '/api/label-configs/check', { labelConfig: SENTIMENT_XML })).status).toBe(403);
  });

  it('takes every template of the new-project wizard, whose sample data has a value for each key the config reads', async () => {
    for (const template of TEMPLATES) {
      const res = await manager.request('POST', '/api/label-configs/check', { labelConfig: template.xml });
      expect({ template: template.id, status: res.status, error: res.body.error }).toEqual({ template: template.id, status: 200, error: undefined });
      const keys = (res.body.labelConfig.objects as { value: string }[]).map((o) => o.value).sort();
      expect(Object.keys(template.sample).sort()).toEqual(keys);
    }
  });

  it('renames and describes a project, 400 naming the field for a bad one, and audits the change', async () => {
    const projectId = await answeredProject('Positive');
    const renamed = await manager.request('PATCH', `/api/projects/${projectId}`, { name: '  评论情感 v2 ', description: 'second round' });
    expect(renamed.status).toBe(200);
    const read = (await manager.request('GET', `/api/projects/${projectId}`)).body.project;
    expect({ name: read.name, description: read.description }).toEqual({ name: '评论情感 v2', description: 'second round' });
    const blank = await manager.request('PATCH', `/api/projects/${projectId}`, { name: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.body.error.details.field).toBe('name');
    const unknownField = await manager.request('PATCH', `/api/projects/${projectId}`, { overlapp: 3 });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.error.message).toContain('overlapp');
    expect((await workers[0]!.request('PATCH', `/api/projects/${projectId}`, { name: 'mine' })).status).toBe(403);
    expect(await auditActions(projectId)).toContain('project.updated');
  });

  it('refuses a config change that would orphan answers, naming the choice and the control, and keeps the old config', async () => {
    const projectId = await answeredProject('Neutral');
    const before = await config(projectId);
    const noNeutral = await manager.request('PATCH', `/api/projects/${projectId}`, { labelConfig: SENTIMENT_XML.replace('    <Choice value="Neutral"/>\n', '') });
    expect(noNeutral.status).toBe(409);
    expect(noNeutral.body.error).toMatchObject({ code: 'config_orphans_answers', details: { field: 'labelConfig', control: 'sentiment', value: 'Neutral', answers: 1 } });
    expect(noNeutral.body.error.message).toContain('"Neutral" is not a choice of control "sentiment"');
    const renamedControl = await manager.request('PATCH', `/api/projects/${projectId}`, { labelConfig: SENTIMENT_XML.replace('name="sentiment"', 'name="mood"') });
    expect(renamedControl.body.error).toMatchObject({ code: 'config_orphans_control', details: { control: 'sentiment' } });
    expect(await config(projectId)).toEqual(before);
    // Removing a choice nobody used, and adding one, are fine.
    const changed = await manager.request('PATCH', `/api/projects/${projectId}`, {
      labelConfig: SENTIMENT_XML.replace('<Choice value="Positive"/>', '<Choice value="Mixed"/>'),
    });
    expect(changed.status).toBe(200);
    expect((await config(projectId)).controls[0].choices.map((c: { value: string }) => c.value)).toEqual(['Mixed', 'Negative', 'Neutral']);
  });

  it('applies the same check to a native JSON config (the other config dialect)', async () => {
    const native = {
      objects: [{ type: 'text', name: 'text', value: 'text' }],
      controls: [{ type: 'choices', name: 'sentiment', toName: 'text', choices: [{ value: 'Positive' }, { value: 'Negative' }, { value: 'Neutral' }] }],
    };
    const projectId = await answeredProject('Negative', native);
    const without = { ...native, controls: [{ ...native.controls[0], choices: [{ value: 'Positive' }, { value: 'Neutral' }] }] };
    const refused = await manager.request('PATCH', `/api/projects/${projectId}`, { labelConfig: without });
    expect(refused.body.error).toMatchObject({ code: 'config_orphans_answers', details: { value: 'Negative' } });
    const withNote = { ...native, controls: [...native.controls, { type: 'textarea', name: 'why', toName: 'text', required: true }] };
    expect((await manager.request('PATCH', `/api/projects/${projectId}`, { labelConfig: withNote })).status).toBe(200);
    const badJson = await manager.request('PATCH', `/api/projects/${projectId}`, { labelConfig: { objects: [], controls: 'x' } });
    expect(badJson.status).toBe(400);
    expect(badJson.body.error.details.field).toMatch(/^labelConfig/);
  });

  it('archives: off the annotator list, no new claims, data kept; unarchive brings it back', async () => {
    const projectId = await answeredProject('Positive');
    expect((await manager.request('POST', `/api/projects/${projectId}/archive`)).body.project.archivedAt).toEqual(expect.any(String));
    const listed = async (client: ApiClient) => (await client.request('GET', '/api/projects')).body.projects.map((p: { id: number }) => p.id) as number[];
    expect(await listed(workers[0]!)).not.toContain(projectId);
    expect(await listed(manager)).toContain(projectId);
    const claim = await workers[0]!.request('POST', `/api/projects/${projectId}/next`);
    expect(claim.status).toBe(409);
    expect(claim.body.error.code).toBe('project_archived');
    const stats = await manager.request('GET', `/api/projects/${projectId}/stats`);
    expect(stats.status).toBe(200);
    expect((await manager.request('POST', `/api/projects/${projectId}/unarchive`)).body.project.archivedAt).toBeNull();
    expect(await listed(workers[0]!)).toContain(projectId);
    expect((await workers[0]!.request('POST', `/api/projects/${projectId}/next`)).status).toBe(200);
    expect(await auditActions(projectId)).toEqual(expect.arrayContaining(['project.archived', 'project.unarchived']));
  });

  it('deletes only with the typed name; afterwards nobody finds it, its rows stay, the event is audited', async () => {
    const projectId = await answeredProject('Positive');
    const name = (await manager.request('GET', `/api/projects/${projectId}`)).body.project.name as string;
    const wrong = await manager.request('DELETE', `/api/projects/${projectId}`, { confirmName: 'not it' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.field).toBe('confirmName');
    expect((await manager.request('GET', `/api/projects/${projectId}`)).status).toBe(200);
    expect((await workers[0]!.request('DELETE', `/api/projects/${projectId}`, { confirmName: name })).status).toBe(403);
    expect((await manager.request('DELETE', `/api/projects/${projectId}`, { confirmName: name })).status).toBe(200);
    expect((await manager.request('GET', `/api/projects/${projectId}`)).status).toBe(404);
    expect((await workers[0]!.request('POST', `/api/projects/${projectId}/next`)).status).toBe(404);
    for (const path of ['stats', 'export?format=jsonl', 'imports', 'assignment-policy', 'guideline/versions']) {
      expect({ path, status: (await manager.request('GET', `/api/projects/${projectId}/${path}`)).status }).toEqual({ path, status: 404 });
    }
    expect((await manager.request('GET', '/api/projects')).body.projects.map((p: { id: number }) => p.id)).not.toContain(projectId);
    const kept = await server.db.kysely.selectFrom('annotations').select('id').where('project_id', '=', projectId).execute();
    expect(kept).toHaveLength(1);
    expect(await auditActions(projectId)).toContain('project.deleted');
  });
});
