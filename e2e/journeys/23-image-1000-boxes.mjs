// An image with 1,000 predicted boxes (#10 item 2) loads and edits: the annotator opens the task, the region list
// counts 1,000, one box is selected by a click on the canvas and moved by a drag, the answer is submitted, and the
// stored answer holds 1,000 boxes of which exactly that one moved. The timings are the bench's (bench/image-canvas).
import sharp from 'sharp';
import { gridBoxes } from '../lib/grid-boxes.mjs';
import { DEMO_USERS, assert, byTestId, login, logout, apiCall, uploadInPage } from '../lib/helpers.mjs';

export const name = 'annotator opens an image with 1,000 predicted boxes, moves one on the canvas and submits; 1,000 boxes are stored, that one moved';

const CONFIG = `<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="box" toName="image"><Label value="defect"/><Label value="ok"/></RectangleLabels>
</View>`;
const WIDTH = 800;
const HEIGHT = 600;
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
  const predicted = gridBoxes(BOXES, WIDTH, HEIGHT);

  await login(page, baseUrl, DEMO_USERS.manager);
  const project = (await apiCall(page, 'POST', '/api/projects', { name: `1,000 boxes (e2e) ${Date.now()}`, labelConfig: CONFIG, overlap: 1 })).project;
  const task = { data: { image: `data:image/png;base64,${png.toString('base64')}` }, predictions: [{ model_version: 'e2e-grid', result: predicted }] };
  await uploadInPage(page, project.id, 'tasks.json', JSON.stringify([task]));
  await logout(page);

  await login(page, baseUrl, DEMO_USERS.annotator1);
  await page.locator(byTestId(`start-${project.id}`)).click();
  const stage = page.locator(`${byTestId('object-image')}[data-image-width="${WIDTH}"][data-regions="${BOXES}"]`);
  await stage.waitFor({ timeout: 60_000 });
  await page.locator(`${byTestId('regions-box')}[data-count="${BOXES}"]`).waitFor();
  await page.locator(byTestId('from-prediction')).waitFor();

  // The picked box's centre on screen, through the picture's place on the canvas (the stage may letterbox it).
  const picture = await stage.evaluate((el) => {
    const r = el.querySelector('canvas').getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  });
  const scale = Math.min(picture.width / WIDTH, picture.height / HEIGHT);
  const left = picture.x + (picture.width - WIDTH * scale) / 2;
  const top = picture.y + (picture.height - HEIGHT * scale) / 2;
  const box = predicted[PICKED].value;
  const at = { x: left + ((box.x + box.width / 2) / 100) * WIDTH * scale, y: top + ((box.y + box.height / 2) / 100) * HEIGHT * scale };

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

  await page.keyboard.press('Enter');
  await page.locator(byTestId('no-more-tasks')).waitFor({ timeout: 60_000 });
  assert(errors.length === 0, `no script error: ${errors.join('; ')}`);
  await logout(page);

  await login(page, baseUrl, DEMO_USERS.manager);
  const exported = await page.evaluate(async (id) => (await fetch(`/api/projects/${id}/export?format=ls-json`)).json(), project.id);
  const result = exported[0].annotations[0].result;
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
