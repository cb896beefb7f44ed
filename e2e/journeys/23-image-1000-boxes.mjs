// An image with 1,000 predicted boxes (#10 item 2) loads and edits: the annotator opens the task, the region list
// counts 1,000, one box is selected by a click on the canvas and moved by a drag, the answer is submitted, and the
// stored answer holds 1,000 boxes of which exactly that one moved. The next task (1,000 boxes on another picture,
// held in hand meanwhile) opens from its regions painted ahead, and its shapes take over: a box on it selects by a
// click. The timings are the bench's (bench/image-canvas).
import sharp from 'sharp';
import { gridBoxes } from '../lib/grid-boxes.mjs';
import { DEMO_USERS, assert, byTestId, login, logout, apiCall, uploadInPage } from '../lib/helpers.mjs';

export const name = 'annotator opens an image with 1,000 predicted boxes, moves one on the canvas and submits; 1,000 boxes are stored, that one moved; the next image opens from its painted preview and edits';

const CONFIG = `<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="box" toName="image"><Label value="defect"/><Label value="ok"/></RectangleLabels>
</View>`;
const WIDTH = 800;
const HEIGHT = 600;
/** The second task's picture: another width, so the stage shows when it changed. */
const NEXT_WIDTH = 810;
const BOXES = 1000;
/** The box the annotator moves: one near the middle of the picture (the grid's columns as grid-boxes.mjs lays them). */
const COLS = Math.ceil(Math.sqrt(BOXES * (WIDTH / HEIGHT)));
const PICKED = Math.floor(Math.ceil(BOXES / COLS) / 2) * COLS + Math.floor(COLS / 2);

const geometry = (v) => [v.x, v.y, v.width, v.height].map((n) => n.toFixed(4)).join(',');

export default async function run({ context, baseUrl }) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const png = await sharp({ create: { width: WIDTH, height: HEIGHT, channels: 3, background: { r: 70, g: 110, b: 150 } } }).png().toBuffer();
  const nextPng = await sharp({ create: { width: NEXT_WIDTH, height: HEIGHT, channels: 3, background: { r: 90, g: 130, b: 110 } } }).png().toBuffer();
  const predicted = gridBoxes(BOXES, WIDTH, HEIGHT);
  const nextPredicted = gridBoxes(BOXES, NEXT_WIDTH, HEIGHT);

  await login(page, baseUrl, DEMO_USERS.manager);
  const project = (await apiCall(page, 'POST', '/api/projects', { name: `1,000 boxes (e2e) ${Date.now()}`, labelConfig: CONFIG, overlap: 1 })).project;
  const task = { data: { image: `data:image/png;base64,${png.toString('base64')}` }, predictions: [{ model_version: 'e2e-grid', result: predicted }] };
  const nextTask = { data: { image: `data:image/png;base64,${nextPng.toString('base64')}` }, predictions: [{ model_version: 'e2e-grid', result: nextPredicted }] };
  await uploadInPage(page, project.id, 'tasks.json', JSON.stringify([task, nextTask]));
  await logout(page);

  await login(page, baseUrl, DEMO_USERS.annotator1);
  await page.locator(byTestId(`start-${project.id}`)).click();
  const stage = page.locator(`${byTestId('object-image')}[data-image-width="${WIDTH}"][data-regions="${BOXES}"]`);
  await stage.waitFor({ timeout: 60_000 });
  await page.locator(`${byTestId('regions-box')}[data-count="${BOXES}"]`).waitFor();
  await page.locator(byTestId('from-prediction')).waitFor();

  const box = predicted[PICKED].value;
  const at = await centreOnScreen(stage, box, WIDTH);

  // A click on the canvas selects the box under it: its row in the (virtualised) list is shown selected.
  await page.mouse.click(at.x, at.y);
  const selectedRow = page.locator('li.region-selected');
  await selectedRow.waitFor();
  assert((await selectedRow.count()) === 1, 'one region is selected');
  // A drag of a few pixels moves the selected box, down and to the right.
  await page.mouse.move(at.x, at.y);
  await page.mouse.down();
  await page.mouse.move(at.x + 3, at.y + 2, { steps: 2 });
  await page.mouse.move(at.x + 6, at.y + 4, { steps: 2 });
  await page.mouse.up();
  await page.locator(`${byTestId('object-image')}[data-regions="${BOXES}"]`).waitFor();

  // The next task is held in hand once this one is on screen; its regions are painted ahead. After Enter the stage
  // first shows that preview (data-regions-live="false"), then its shapes take over.
  await page.locator(`${byTestId('workspace')}:not([data-ahead-id=""])`).waitFor({ timeout: 30_000 });
  await page.waitForTimeout(1500); // the page's idle time, in which the preview is painted
  await stage.evaluate((el) => {
    window.__live = [];
    new MutationObserver(() => window.__live.push(`${el.dataset.imageWidth}:${el.dataset.regionsLive}`)).observe(el, { attributes: true, attributeFilter: ['data-regions-live', 'data-image-width'] });
  });
  await page.keyboard.press('Enter');
  const nextStage = page.locator(`${byTestId('object-image')}[data-image-width="${NEXT_WIDTH}"][data-regions="${BOXES}"][data-regions-live="true"]`);
  await nextStage.waitFor({ timeout: 60_000 });
  const seen = await page.evaluate(() => window.__live);
  assert(seen.includes(`${NEXT_WIDTH}:false`), `the next image opened from its painted preview (${seen.join(', ')})`);
  // Its shapes answer the mouse: a click selects the picked box of the second grid.
  await page.mouse.click(...Object.values(await centreOnScreen(nextStage, nextPredicted[PICKED].value, NEXT_WIDTH)));
  await page.locator('li.region-selected').waitFor();
  assert((await page.locator('li.region-selected').count()) === 1, 'one region of the next image is selected');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Enter');
  await page.locator(byTestId('no-more-tasks')).waitFor({ timeout: 60_000 });
  assert(errors.length === 0, `no script error: ${errors.join('; ')}`);
  await logout(page);

  await login(page, baseUrl, DEMO_USERS.manager);
  const exported = await page.evaluate(async (id) => (await fetch(`/api/projects/${id}/export?format=ls-json`)).json(), project.id);
  const first = exported.find((t) => t.data.image === task.data.image);
  const second = exported.find((t) => t.data.image === nextTask.data.image);
  assert(second?.annotations[0]?.result.length === BOXES, `the next image's 1,000 boxes are stored (${second?.annotations[0]?.result.length})`);
  const result = first.annotations[0].result;
  assert(result.length === BOXES, `1,000 boxes are stored (${result.length})`);
  const before = new Set(predicted.map((p) => geometry(p.value)));
  const after = new Set(result.map((r) => geometry(r.value)));
  const moved = result.filter((r) => !before.has(geometry(r.value)));
  const gone = predicted.filter((p) => !after.has(geometry(p.value)));
  assert(moved.length === 1 && gone.length === 1, `exactly one box changed (${moved.length} new places, ${gone.length} left)`);
  assert(gone[0].id === `p${PICKED}`, `the changed box is the one clicked (p${PICKED}, not ${gone[0].id})`);
  const [m] = moved;
  assert(m.value.x > box.x && m.value.y > box.y && Math.abs(m.value.width - box.width) < 1e-6, `it moved down and right, same size (${JSON.stringify(m.value)} from ${JSON.stringify(box)})`);
  assert(m.value.rectanglelabels[0] === predicted[PICKED].value.rectanglelabels[0], 'it kept its label');
}

/** The centre of a box (percent of a picture `width` x HEIGHT wide) on screen, through the picture's place on the canvas (the stage may letterbox it). */
async function centreOnScreen(stage, box, width) {
  const picture = await stage.evaluate((el) => {
    const r = el.querySelector('canvas').getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  });
  const scale = Math.min(picture.width / width, picture.height / HEIGHT);
  const left = picture.x + (picture.width - width * scale) / 2;
  const top = picture.y + (picture.height - HEIGHT * scale) / 2;
  return { x: left + ((box.x + box.width / 2) / 100) * width * scale, y: top + ((box.y + box.height / 2) / 100) * HEIGHT * scale };
}
