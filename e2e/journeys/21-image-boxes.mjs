// Image boxes (#10): a manager makes an image project with RectangleLabels; the annotator draws two boxes on the
// Konva stage with the mouse, labels them by key, undoes the second, submits; the stored answer is one box in Label
// Studio's shape (percent coordinates, original size of the picture, the label picked by its key).
import sharp from 'sharp';
import { DEMO_USERS, assert, byTestId, login, logout, apiCall, uploadInPage } from '../lib/helpers.mjs';

export const name = 'annotator draws, labels and undoes boxes on an image; the stored box is in Label Studio\'s shape';

const CONFIG = `<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="box" toName="image"><Label value="car"/><Label value="person"/></RectangleLabels>
</View>`;

async function pictureDataUrl() {
  const png = await sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 90, g: 140, b: 200 } } }).png().toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}

async function drag(page, box, from, to) {
  await page.mouse.move(box.x + box.width * from[0], box.y + box.height * from[1]);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * ((from[0] + to[0]) / 2), box.y + box.height * ((from[1] + to[1]) / 2), { steps: 4 });
  await page.mouse.move(box.x + box.width * to[0], box.y + box.height * to[1], { steps: 4 });
  await page.mouse.up();
}

export default async function run({ context, baseUrl }) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await login(page, baseUrl, DEMO_USERS.manager);
  const project = (await apiCall(page, 'POST', '/api/projects', { name: `Image boxes (e2e) ${Date.now()}`, labelConfig: CONFIG, overlap: 1 })).project;
  await uploadInPage(page, project.id, 'images.jsonl', JSON.stringify({ image: await pictureDataUrl() }) + '\n');
  await logout(page);

  await login(page, baseUrl, DEMO_USERS.annotator1);
  await page.locator(byTestId(`start-${project.id}`)).click();
  const stage = page.locator(`${byTestId('object-image')}[data-image-width="400"]`);
  await stage.waitFor();
  const canvas = stage.locator('canvas').first();
  await canvas.waitFor();
  const area = await canvas.boundingBox();
  assert(area && area.width > 50 && area.height > 50, `the stage has a size (${JSON.stringify(area)})`);

  await drag(page, area, [0.3, 0.3], [0.55, 0.6]);
  await page.keyboard.press('1');
  await page.locator(`${byTestId('object-image')}[data-regions="1"]`).waitFor();
  await drag(page, area, [0.6, 0.15], [0.75, 0.35]);
  await page.keyboard.press('2');
  await page.locator(`${byTestId('object-image')}[data-regions="2"]`).waitFor();
  await page.keyboard.press('Control+z');
  await page.locator(`${byTestId('object-image')}[data-regions="1"]`).waitFor({ timeout: 5_000 });

  await page.keyboard.press('Enter');
  await page.locator(byTestId('no-more-tasks')).waitFor();
  assert(errors.length === 0, `no script error: ${errors.join('; ')}`);
  await logout(page);

  await login(page, baseUrl, DEMO_USERS.manager);
  const exported = await page.evaluate(async (id) => (await fetch(`/api/projects/${id}/export?format=ls-json`)).json(), project.id);
  const result = exported[0].annotations[0].result;
  assert(result.length === 1, `one box is stored after the undo (${JSON.stringify(result)})`);
  const [box] = result;
  assert(box.type === 'rectanglelabels' && box.from_name === 'box' && box.to_name === 'image', `a rectanglelabels item (${JSON.stringify(box)})`);
  assert(box.value.rectanglelabels[0] === 'car', `labelled car by its key (${JSON.stringify(box.value)})`);
  assert(box.original_width === 400 && box.original_height === 300, `the picture's size in pixels (${box.original_width}x${box.original_height})`);
  const { x, y, width, height } = box.value;
  assert(x > 0 && y > 0 && width > 5 && height > 5 && x + width < 100 && y + height < 100, `percent coordinates inside the picture (${JSON.stringify(box.value)})`);
}
