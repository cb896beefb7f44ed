// Model assistance (#10 item 5) in the browser: a manager connects a Label Studio-compatible ML backend in the
// project settings (a small real one this journey starts on loopback), tests the connection, pre-annotates the
// project; the annotator opens the task with the model's box already drawn, moves it, submits; the quality page's
// model-assistance card counts that answer under the model's version with one region moved.
import http from 'node:http';
import sharp from 'sharp';
import { DEMO_USERS, assert, byTestId, login, logout, apiCall, uploadInPage } from '../lib/helpers.mjs';

export const name = 'manager connects an ML backend and pre-annotates; the annotator edits the predicted box; the quality page counts the change';

const CONFIG = `<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="box" toName="image"><Label value="car"/><Label value="person"/></RectangleLabels>
</View>`;
const MODEL_VERSION = 'e2e-boxes-v1';

/** The label-studio-ml-backend protocol, answered by hand: one `car` box in the upper left quarter per task. */
function startBackend() {
  const calls = { setup: 0, predict: 0 };
  const server = http.createServer(async (req, res) => {
    let text = '';
    for await (const chunk of req) text += String(chunk);
    const send = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === '/health') return send(200, { status: 'UP', model_class: 'E2eBoxes' });
    if (req.method === 'POST' && req.url === '/setup') {
      calls.setup += 1;
      return send(200, { model_version: MODEL_VERSION });
    }
    if (req.method === 'POST' && req.url === '/predict') {
      calls.predict += 1;
      const { tasks } = JSON.parse(text);
      const box = { id: 'm1', from_name: 'box', to_name: 'image', type: 'rectanglelabels', original_width: 400, original_height: 300, value: { x: 10, y: 10, width: 30, height: 30, rotation: 0, rectanglelabels: ['car'] } };
      return send(200, { results: tasks.map(() => ({ result: [box], score: 0.8, model_version: MODEL_VERSION })) });
    }
    send(404, { error: 'not found' });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, calls, url: `http://127.0.0.1:${server.address().port}` })));
}

async function pictureDataUrl() {
  const png = await sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 200, g: 160, b: 90 } } }).png().toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}

export default async function run({ context, baseUrl }) {
  const backend = await startBackend();
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await login(page, baseUrl, DEMO_USERS.manager);
    const project = (await apiCall(page, 'POST', '/api/projects', { name: `ML boxes (e2e) ${Date.now()}`, labelConfig: CONFIG, overlap: 1 })).project;
    await uploadInPage(page, project.id, 'images.jsonl', JSON.stringify({ image: await pictureDataUrl() }) + '\n');

    await page.goto(`${baseUrl}/projects/${project.id}/settings`);
    const panel = page.locator(byTestId('ml-backend'));
    await panel.locator(byTestId('ml-url')).fill(backend.url);
    await panel.locator(byTestId('ml-save')).click();
    await panel.locator(byTestId('ml-saved')).waitFor();
    await panel.locator(byTestId('ml-test')).click();
    await panel.locator(`${byTestId('ml-step-health')}[data-ok="true"]`).waitFor();
    await panel.locator(`${byTestId('ml-step-setup')}[data-ok="true"]`).waitFor();
    await panel.locator(byTestId('ml-start')).click();
    await panel.locator(`${byTestId('ml-job')}[data-status="done"]`).waitFor({ timeout: 30_000 });
    const jobText = await panel.locator(byTestId('ml-job-text')).innerText();
    assert(jobText.includes(MODEL_VERSION), `the job names the model version (${jobText})`);
    assert(backend.calls.predict >= 1, `the backend was asked to predict (${JSON.stringify(backend.calls)})`);
    await logout(page);

    await login(page, baseUrl, DEMO_USERS.annotator1);
    await page.locator(byTestId(`start-${project.id}`)).click();
    const stage = page.locator(`${byTestId('object-image')}[data-image-width="400"][data-regions="1"]`);
    await stage.waitFor();
    const canvas = stage.locator('canvas').first();
    await canvas.waitFor();
    const area = await canvas.boundingBox();
    assert(area && area.width > 50, `the stage has a size (${JSON.stringify(area)})`);
    // The predicted box spans 10%..40% of the picture; drag it from inside it a little to the right.
    // The stage may letterbox the picture, so aim at the box through the picture's on-screen rectangle.
    const picture = await stage.evaluate((el) => {
      const r = el.querySelector('canvas').getBoundingClientRect();
      return { w: Number(el.getAttribute('data-image-width')), h: Number(el.getAttribute('data-image-height') ?? 300), r: { x: r.x, y: r.y, width: r.width, height: r.height } };
    });
    const scale = Math.min(picture.r.width / picture.w, picture.r.height / picture.h);
    const left = picture.r.x + (picture.r.width - picture.w * scale) / 2;
    const top = picture.r.y + (picture.r.height - picture.h * scale) / 2;
    const from = { x: left + 0.25 * picture.w * scale, y: top + 0.25 * picture.h * scale };
    // A press on a region that is not selected selects it (the static layer is not draggable); the next press drags.
    await page.mouse.click(from.x, from.y);
    await page.locator('li.region-selected').waitFor();
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    // A small move (a few percent): the answer's box still overlaps the prediction's by IoU >= 0.5, so it counts as
    // moved, not as one removed and one added.
    await page.mouse.move(from.x + 10, from.y, { steps: 3 });
    await page.mouse.move(from.x + 20, from.y, { steps: 3 });
    await page.mouse.up();
    await page.locator(`${byTestId('object-image')}[data-regions="1"]`).waitFor();
    await page.keyboard.press('Enter');
    await page.locator(byTestId('no-more-tasks')).waitFor();
    assert(errors.length === 0, `no script error: ${errors.join('; ')}`);
    await logout(page);

    await login(page, baseUrl, DEMO_USERS.manager);
    const exported = await page.evaluate(async (id) => (await fetch(`/api/projects/${id}/export?format=ls-json`)).json(), project.id);
    const [box] = exported[0].annotations[0].result;
    assert(exported[0].annotations[0].result.length === 1 && box.value.rectanglelabels[0] === 'car', `the predicted car box is kept (${JSON.stringify(exported[0].annotations[0].result)})`);
    assert(box.value.x > 12, `the box was moved right from 10% (${JSON.stringify(box.value)})`);

    await page.goto(`${baseUrl}/projects/${project.id}/quality`);
    const row = page.locator(byTestId('model-assistance-row')).filter({ hasText: MODEL_VERSION });
    await row.waitFor();
    const cells = await row.locator('td').allInnerTexts();
    assert(cells[1]?.trim() === '1', `one answer started from the model (${cells.join(' | ')})`);
    assert(cells[4]?.trim().startsWith('1'), `one region moved on average (${cells.join(' | ')})`);
  } finally {
    backend.server.closeAllConnections();
    await new Promise((resolve) => backend.server.close(resolve));
  }
}
