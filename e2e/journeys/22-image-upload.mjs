// Image upload in the web app (#10 item 3): a manager uploads a folder of three PNGs through the folder picker and a
// zip of three more (one of them a picture the folder already brought), sees what was stored and created, finds the
// tasks in the task browser with thumbnails that load and the picture in the drawer; an annotator then sees the
// stored image in the workspace.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import sharp from 'sharp';
import { DEMO_USERS, assert, byTestId, login, logout, apiCall } from '../lib/helpers.mjs';

export const name = 'manager uploads a folder and a zip of images; the task browser shows thumbnails; the annotator sees the image';

const CONFIG = `<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="box" toName="image"><Label value="car"/><Label value="person"/></RectangleLabels>
</View>`;

/** A small PNG of its own colour, so each picture has its own bytes. */
const png = (width, height, red) => sharp({ create: { width, height, channels: 3, background: { r: red, g: 120, b: 60 } } }).png().toBuffer();

async function fillSource(page) {
  await page.fill(byTestId('image-upload-sourceName'), 'line camera (e2e)');
  await page.fill(byTestId('image-upload-sourceLicense'), 'CC0');
  await page.fill(byTestId('image-upload-collectionMethod'), 'made by the test');
}

/** Sends the picked images and waits for the import's answer; returns the result block's counts. */
async function submitAndRead(page) {
  await page.click(byTestId('image-upload-submit'));
  const result = page.locator(`${byTestId('image-upload')} ${byTestId('import-result')}`);
  await result.waitFor();
  const stored = page.locator(`${byTestId('image-upload')} ${byTestId('image-upload-stored')}`);
  return {
    created: Number(await result.getAttribute('data-created')),
    stored: Number(await stored.getAttribute('data-stored')),
    reused: Number(await stored.getAttribute('data-reused')),
  };
}

/** Waits until every <img> the locator finds has finished loading and returns their natural widths. */
async function loadedWidths(locator) {
  return locator.evaluateAll(async (images) =>
    Promise.all(images.map((img) => (img.complete ? img.naturalWidth : new Promise((r) => {
      img.addEventListener('load', () => r(img.naturalWidth));
      img.addEventListener('error', () => r(0));
    })))),
  );
}

export default async function run({ context, baseUrl }) {
  const dir = mkdtempSync(join(tmpdir(), 'bz-e2e-images-'));
  try {
    const folder = join(dir, 'shift1');
    mkdirSync(folder);
    const pictures = [await png(120, 80, 10), await png(90, 90, 80), await png(60, 100, 160)];
    pictures.forEach((bytes, i) => writeFileSync(join(folder, `cam-${i + 1}.png`), bytes));
    // a file that is not an image: left out and listed by name
    writeFileSync(join(folder, 'notes.txt'), 'shot on line 3');
    const zipFile = join(dir, 'batch.zip');
    // the first picture again (stored once), and two new ones
    writeFileSync(zipFile, zipSync({ 'batch/again.png': pictures[0], 'batch/new-1.png': await png(200, 150, 220), 'batch/new-2.png': await png(50, 40, 250) }));

    const page = await context.newPage();
    await login(page, baseUrl, DEMO_USERS.manager);
    const project = (await apiCall(page, 'POST', '/api/projects', { name: `Image upload (e2e) ${Date.now()}`, labelConfig: CONFIG, overlap: 1 })).project;
    await page.goto(`${baseUrl}/projects/${project.id}`);
    await page.locator(byTestId('image-upload')).waitFor();

    // a folder, through the folder picker: every file is sent by its path inside the folder
    await fillSource(page);
    await page.setInputFiles(byTestId('image-upload-folder'), folder);
    const picked = await page.locator(byTestId('image-upload-selection')).textContent();
    assert(/^4 /.test(picked ?? ''), `the four files of the folder are picked (${picked})`);
    const fromFolder = await submitAndRead(page);
    assert(fromFolder.created === 3 && fromFolder.stored === 3 && fromFolder.reused === 0, `the folder made 3 tasks of 3 new images (${JSON.stringify(fromFolder)})`);
    const leftOut = await page.locator(`${byTestId('image-upload')} ${byTestId('import-result')} table`).last().textContent();
    assert(leftOut?.includes('shift1/notes.txt is not an image'), `the text file is listed by name as not an image (${leftOut})`);

    // a zip
    await page.setInputFiles(byTestId('image-upload-zip'), zipFile);
    const fromZip = await submitAndRead(page);
    assert(fromZip.created === 3 && fromZip.stored === 2 && fromZip.reused === 1, `the zip made 3 tasks, storing the known picture once (${JSON.stringify(fromZip)})`);

    // an upload the server refuses is shown in words, naming the problem, and keeps nothing
    writeFileSync(join(dir, 'broken.zip'), Buffer.from('PK\u0003\u0004 this is not a zip archive'));
    await page.setInputFiles(byTestId('image-upload-zip'), join(dir, 'broken.zip'));
    await page.click(byTestId('image-upload-submit'));
    const refusal = page.locator(`${byTestId('image-upload')} ${byTestId('error')}`);
    await refusal.waitFor();
    assert((await refusal.getAttribute('data-code')) === 'bad_zip', `a damaged zip is refused as bad_zip (${await refusal.getAttribute('data-code')})`);

    const tasks = await apiCall(page, 'GET', `/api/projects/${project.id}/tasks?limit=50`);
    const names = tasks.tasks.map((t) => t.externalId).sort();
    assert(JSON.stringify(names) === JSON.stringify(['batch/again.png', 'batch/new-1.png', 'batch/new-2.png', 'shift1/cam-1.png', 'shift1/cam-2.png', 'shift1/cam-3.png']),
      `the tasks are named by their paths (${names.join(', ')})`);

    // the task browser: a thumbnail per row, each one loaded
    await page.goto(`${baseUrl}/projects/${project.id}/tasks`);
    await page.locator(byTestId('task-row')).nth(5).waitFor();
    const thumbs = page.locator(byTestId('task-thumb'));
    await thumbs.nth(5).waitFor();
    const widths = await loadedWidths(thumbs);
    assert(widths.length === 6 && widths.every((w) => w > 0), `six thumbnails loaded (${widths.join(', ')})`);
    const src = await thumbs.first().getAttribute('src');
    assert(new RegExp(`^/api/projects/${project.id}/media/\\d+/thumb$`).test(src ?? ''), `a thumbnail comes from the thumb route (${src})`);

    await page.locator(byTestId('task-row')).first().click();
    const drawerImage = page.locator(byTestId('drawer-image'));
    await drawerImage.waitFor();
    const [drawerWidth] = await loadedWidths(drawerImage);
    assert(drawerWidth === 120, `the drawer shows the first picture at its size (${drawerWidth})`);
    await logout(page);

    // the annotator's workspace loads the stored image
    await login(page, baseUrl, DEMO_USERS.annotator1);
    await page.locator(byTestId(`start-${project.id}`)).click();
    const stage = page.locator(`${byTestId('object-image')}[data-image-width]`);
    await stage.waitFor();
    const width = Number(await stage.getAttribute('data-image-width'));
    assert([120, 90, 60, 200, 50].includes(width), `the workspace shows one of the uploaded pictures (width ${width})`);
    await logout(page);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
