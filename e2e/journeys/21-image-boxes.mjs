// Image boxes (#10): a manager makes an image project with RectangleLabels and PolygonLabels; the annotator draws a
// box on the Konva stage with the mouse, labels it by key, resizes it by its corner, zooms in with the wheel and back
// with 0 (the box still answers to a click afterwards), sees its label drawn on the picture and turns that off and on,
// gives the selected box a per-region number, draws a polygon by clicks, draws a second box and undoes it,
// submits; the stored answer is the resized box and the polygon in Label Studio's shape (percent coordinates, original
// size of the picture, the labels picked).
import sharp from 'sharp';
import { DEMO_USERS, assert, byTestId, login, logout, apiCall, uploadInPage } from '../lib/helpers.mjs';

export const name = 'annotator draws, resizes, zooms, labels and undoes boxes and a polygon; the stored regions are in Label Studio\'s shape';

const CONFIG = `<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="box" toName="image"><Label value="car"/><Label value="person"/></RectangleLabels>
  <PolygonLabels name="poly" toName="image"><Label value="road"/></PolygonLabels>
  <Number name="occluded" toName="image" perRegion="true" min="0" max="100"/>
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
  let area = await canvas.boundingBox();
  assert(area && area.width > 50 && area.height > 50, `the stage has a size (${JSON.stringify(area)})`);

  await drag(page, area, [0.3, 0.3], [0.55, 0.6]);
  await page.keyboard.press('1');
  await page.locator(`${byTestId('object-image')}[data-regions="1"]`).waitFor();
  const widthOf = async () => Number((await page.locator('li.region-selected').first().innerText()).match(/([\d.]+)×/)?.[1] ?? NaN);
  const drawnWidth = await widthOf();
  assert(drawnWidth > 20 && drawnWidth < 30, `the drawn box is a quarter of the picture wide (${drawnWidth}%)`);
  // The selected box's Transformer: its bottom-right handle sits on the box's corner.
  await drag(page, area, [0.55, 0.6], [0.65, 0.7]);
  await page.waitForFunction(async (before) => {
    const text = document.querySelector('li.region-selected')?.textContent ?? '';
    return Number(text.match(/([\d.]+)×/)?.[1] ?? NaN) > before + 5;
  }, drawnWidth, { timeout: 5_000 });

  // Wheel zoom at the box, then 0 fits again; a click on the box afterwards still selects it (the regions listen again).
  const stageBox = page.locator(byTestId('object-image'));
  const fitScale = Number(await stageBox.getAttribute('data-scale'));
  await page.mouse.move(area.x + area.width * 0.45, area.y + area.height * 0.45);
  for (let i = 0; i < 3; i++) await page.mouse.wheel(0, -120);
  await page.waitForFunction((fit) => Number(document.querySelector('[data-testid="object-image"]')?.getAttribute('data-scale')) > fit * 1.5, fitScale);
  await page.keyboard.press('0');
  await page.waitForFunction((fit) => Math.abs(Number(document.querySelector('[data-testid="object-image"]')?.getAttribute('data-scale')) - fit) < 1e-6, fitScale);
  await page.mouse.click(area.x + area.width * 0.05, area.y + area.height * 0.05);
  await page.locator('li.region-selected').waitFor({ state: 'detached', timeout: 5_000 });
  await page.waitForTimeout(400);
  await page.mouse.click(area.x + area.width * 0.45, area.y + area.height * 0.45);
  await page.locator('li.region-selected').waitFor({ timeout: 5_000 });
  await page.mouse.click(area.x + area.width * 0.05, area.y + area.height * 0.05);
  await page.locator('li.region-selected').waitFor({ state: 'detached', timeout: 5_000 });

  // The box's label is drawn on the picture at its top-left corner: the pixels there change when "Labels on the image"
  // is turned off and come back when it is turned on; a press on the label still selects the box under it.
  const corner = { x: area.x + area.width * 0.3 + 2, y: area.y + area.height * 0.3 + 2, width: 12, height: 8 };
  const cornerPixels = async (captions) => {
    await page.locator(`${byTestId('object-image')}[data-captions="${captions}"]`).waitFor();
    await page.waitForTimeout(300);
    return page.screenshot({ clip: corner });
  };
  assert((await stageBox.getAttribute('data-captions')) === 'on', 'labels are shown on the image by default');
  const withCaption = await cornerPixels('on');
  await page.locator(byTestId('image-captions-image')).uncheck();
  const withoutCaption = await cornerPixels('off');
  assert(!withCaption.equals(withoutCaption), 'the label drawn at the box corner goes away with "Labels on the image" off');
  await page.locator(byTestId('image-captions-image')).check();
  assert(withCaption.equals(await cornerPixels('on')), 'the label at the box corner is drawn again with the option on');
  await page.mouse.click(corner.x + 4, corner.y + 4);
  await page.locator('li.region-selected').waitFor({ timeout: 5_000 });
  // A per-region number about the selected box (Label Studio's `{..., number: 40}` with the box's id).
  await page.locator(byTestId('number-occluded')).fill('40');
  await page.mouse.click(area.x + area.width * 0.05, area.y + area.height * 0.05);
  await page.locator('li.region-selected').waitFor({ state: 'detached', timeout: 5_000 });

  // A polygon: its label armed by its button, three clicks, Enter closes it.
  await page.locator(byTestId('label-poly-1')).click();
  // The label buttons sit below the picture: pressing one scrolls the page, so the picture is found again.
  await canvas.scrollIntoViewIfNeeded();
  area = await canvas.boundingBox();
  for (const [x, y] of [[0.1, 0.75], [0.25, 0.75], [0.18, 0.92]]) await page.mouse.click(area.x + area.width * x, area.y + area.height * y);
  await page.locator(byTestId('object-image')).focus();
  await page.keyboard.press('Enter');
  await page.locator(`${byTestId('object-image')}[data-regions="2"]`).waitFor();

  await page.locator(byTestId('label-box-2')).click();
  await canvas.scrollIntoViewIfNeeded();
  area = await canvas.boundingBox();
  await drag(page, area, [0.7, 0.1], [0.85, 0.3]);
  await page.locator(`${byTestId('object-image')}[data-regions="3"]`).waitFor();
  await page.keyboard.press('Control+z');
  await page.locator(`${byTestId('object-image')}[data-regions="2"]`).waitFor({ timeout: 5_000 });

  await page.keyboard.press('Enter');
  await page.locator(byTestId('no-more-tasks')).waitFor();
  assert(errors.length === 0, `no script error: ${errors.join('; ')}`);
  await logout(page);

  await login(page, baseUrl, DEMO_USERS.manager);
  const exported = await page.evaluate(async (id) => (await fetch(`/api/projects/${id}/export?format=ls-json`)).json(), project.id);
  const result = exported[0].annotations[0].result;
  assert(result.length === 3, `one box, its number and one polygon are stored after the undo (${JSON.stringify(result)})`);
  const box = result.find((r) => r.type === 'rectanglelabels');
  const occluded = result.find((r) => r.type === 'number');
  assert(occluded && occluded.from_name === 'occluded' && occluded.id === box?.id && occluded.value.number === 40, `the number is about the box, with its id (${JSON.stringify(occluded)})`);
  const polygon = result.find((r) => r.type === 'polygonlabels');
  assert(polygon && polygon.from_name === 'poly' && polygon.value.polygonlabels[0] === 'road', `a polygonlabels item labelled road (${JSON.stringify(polygon)})`);
  assert(polygon.value.points.length === 3 && polygon.value.points.every(([px, py]) => px > 0 && px < 100 && py > 50 && py < 100), `the polygon's three points in percent (${JSON.stringify(polygon.value.points)})`);
  assert(box.type === 'rectanglelabels' && box.from_name === 'box' && box.to_name === 'image', `a rectanglelabels item (${JSON.stringify(box)})`);
  assert(box.value.rectanglelabels[0] === 'car', `labelled car by its key (${JSON.stringify(box.value)})`);
  assert(box.original_width === 400 && box.original_height === 300, `the picture's size in pixels (${box.original_width}x${box.original_height})`);
  const { x, y, width, height } = box.value;
  assert(x > 0 && y > 0 && width > 5 && height > 5 && x + width < 100 && y + height < 100, `percent coordinates inside the picture (${JSON.stringify(box.value)})`);
  assert(width > drawnWidth + 5, `the stored box is the resized one (${width}% wide, drawn ${drawnWidth}%)`);
}
