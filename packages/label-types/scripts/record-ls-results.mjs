#!/usr/bin/env node
// Records what Label Studio's own editor (npm @heartexlabs/label-studio 1.4.0, its prebuilt bundle) writes for
// polygons, keypoints and rotated rectangles, with per-region choices, textarea and number, and saves each answer as
// a fixture beside its control: packages/label-types/src/controls/<type>/ls-1.4.0-result.json. The unit tests of
// those controls check our XML import, our validation and the items our workspace builds against these files.
//
// Runnable by hand, NOT part of the test suite (it needs the package unpacked and a browser):
//   cd /tmp && npm pack @heartexlabs/label-studio@1.4.0 && tar xzf heartexlabs-label-studio-1.4.0.tgz
//   node packages/label-types/scripts/record-ls-results.mjs [/tmp/package]
// LS_ONLY=plain records only the plain Rectangle/Polygon/KeyPoint tags (file names containing the text).
// The argument (or LS_PACKAGE_DIR) is the unpacked package; the bundle is its build/static/js/main.js and
// build/static/css/main.css. The page, the bundle and a generated 800x600 PNG are served on 127.0.0.1; every other
// request (Google Fonts in the bundle's CSS) is refused. Chromium is /usr/bin/chromium (or BIAOZHU_E2E_CHROMIUM).
//
// The gestures are a user's: pick the label, click the polygon's vertices and close it on the first one, click the
// keypoint, drag the box and then its rotation handle, select the region in the side panel and answer the per-region
// controls there. The answer is the editor's `annotation.serializeAnnotation()`. Coordinates depend on the page
// layout (the image is fitted to the canvas), so a re-run writes slightly different numbers: the shapes, keys and
// units are what the tests read. Screenshots of each step go to the directory in LS_SHOTS_DIR when it is set.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const HERE = dirname(fileURLToPath(import.meta.url));
const CONTROLS = join(HERE, '..', 'src', 'controls');
const PACKAGE = resolve(process.argv[2] ?? process.env.LS_PACKAGE_DIR ?? '/tmp/package');
const CHROMIUM = process.env.BIAOZHU_E2E_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOTS = process.env.LS_SHOTS_DIR;
const IMAGE_WIDTH = 800;
const IMAGE_HEIGHT = 600;

// --- a PNG without a dependency: a gradient, so a screenshot shows where the regions were drawn ---
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let crc = 0xffffffff;
  for (const b of buf) crc = CRC_TABLE[(crc ^ b) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
};
function pngChunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
function gradientPng(width, height) {
  const row = width * 3 + 1;
  const raw = Buffer.alloc(row * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = y * row + 1 + x * 3;
      raw[o] = Math.floor((x * 255) / width);
      raw[o + 1] = Math.floor((y * 255) / height);
      raw[o + 2] = 128;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(raw)), pngChunk('IEND', Buffer.alloc(0))]);
}

// --- the configs: one region control each, with the same three per-region controls ---
const PER_REGION = [
  '<Choices name="colour" toName="img" perRegion="true"><Choice value="red"/><Choice value="blue"/></Choices>',
  '<TextArea name="note" toName="img" perRegion="true"/>',
  '<Number name="occluded" toName="img" perRegion="true" min="0" max="100"/>',
].join('');
const view = (regionControl) => `<View><Image name="img" value="$image"/>${regionControl}${PER_REGION}</View>`;

// A box dragged from (30%, 30%) to (55%, 50%) of the image.
const dragBox = async (page, at) => {
  const from = at(30, 30);
  const to = at(55, 50);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
  await page.mouse.move(to.x, to.y, { steps: 5 });
  await page.mouse.up();
  await page.waitForTimeout(300);
};
// A keypoint: one click at (45%, 30%).
const clickKeypoint = (page, at) => clickAt(page, at(45, 30));
// A polygon: four vertices clicked, closed by a click on the first one.
async function clickPolygon(page, at) {
  const vertices = [[20, 20], [60, 25], [50, 70], [15, 55]];
  for (const [x, y] of vertices) await clickAt(page, at(x, y));
  await clickAt(page, at(...vertices[0]));
}

const SCENARIOS = [
  {
    control: 'polygons',
    config: view('<PolygonLabels name="seg" toName="img"><Label value="Road"/><Label value="Car"/></PolygonLabels>'),
    label: 'Road',
    draw: clickPolygon,
  },
  {
    control: 'keypoints',
    config: view('<KeyPointLabels name="kp" toName="img"><Label value="Eye"/><Label value="Nose"/></KeyPointLabels>'),
    label: 'Eye',
    draw: clickKeypoint,
  },
  {
    control: 'keypoints',
    file: 'ls-1.4.0-result-strokewidth.json',
    config: view('<KeyPointLabels name="kp" toName="img" strokeWidth="4"><Label value="Eye"/><Label value="Nose"/></KeyPointLabels>'),
    label: 'Nose',
    async draw(page, at) {
      await clickAt(page, at(60, 40));
    },
  },
  {
    control: 'rectangles',
    config: view('<RectangleLabels name="tag" toName="img"><Label value="Planet"/><Label value="Moonwalker"/></RectangleLabels>'),
    label: 'Planet',
    draw: dragBox,
    // Rotation: the Transformer's rotation handle sits above the selected box's top edge; drag it to the right.
    async afterSelect(page) {
      const handle = await page.evaluate(() => {
        const stage = window.Konva?.stages?.[0];
        const rotater = stage?.findOne('.rotater');
        if (!rotater) return null;
        const r = rotater.getClientRect();
        const c = stage.container().getBoundingClientRect();
        return { x: c.left + r.x + r.width / 2, y: c.top + r.y + r.height / 2 };
      });
      if (!handle) throw new Error('no rotation handle on the selected box (Konva Transformer .rotater not found)');
      await page.mouse.move(handle.x, handle.y);
      await page.mouse.down();
      await page.mouse.move(handle.x + 40, handle.y + 10, { steps: 5 });
      await page.mouse.move(handle.x + 80, handle.y + 30, { steps: 5 });
      await page.mouse.up();
      await page.waitForTimeout(300);
    },
  },
  // The plain tags, without labels: the tool is chosen by its key (Label Studio's default hotkeys), not by a label.
  {
    control: 'rectangles',
    file: 'ls-1.4.0-result-plain.json',
    config: view('<Rectangle name="tag" toName="img"/>'),
    tool: 'r',
    draw: dragBox,
    selectAt: [42, 40],
  },
  {
    control: 'polygons',
    file: 'ls-1.4.0-result-plain.json',
    config: view('<Polygon name="seg" toName="img"/>'),
    tool: 'p',
    selectAt: [35, 40],
    draw: clickPolygon,
  },
  {
    control: 'keypoints',
    file: 'ls-1.4.0-result-plain.json',
    config: view('<KeyPoint name="kp" toName="img"/>'),
    tool: 'k',
    selectAt: [45, 30],
    draw: clickKeypoint,
  },
];

async function clickAt(page, p) {
  await page.mouse.click(p.x, p.y);
  await page.waitForTimeout(150);
}

async function shot(page, name) {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

async function record(browser, base, scenario) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.route((url) => !url.href.startsWith(base), (route) => route.abort());
  await page.goto(`${base}/`);
  await page.evaluate(({ config, image }) => {
    // `onLabelStudioLoad` hands over the store; a new annotation is what a user gets on an unlabelled task.
    window.lsInstance = new window.LabelStudio('label-studio', {
      config,
      interfaces: ['panel', 'update', 'submit', 'controls', 'side-column'],
      user: { pk: 1, firstName: 'Recorder', lastName: 'Script' },
      task: { id: 1, annotations: [], predictions: [], data: { image } },
      onLabelStudioLoad(store) {
        window.lsStore = store;
        const annotation = store.annotationStore.addAnnotation({ userGenerate: true });
        store.annotationStore.selectAnnotation(annotation.id);
      },
    });
  }, { config: scenario.config, image: `${base}/image.png` });
  const img = page.locator('img[src$="image.png"]').first();
  await img.waitFor({ state: 'visible' });
  await page.waitForFunction(() => document.querySelector('img[src$="image.png"]')?.complete === true);
  await page.waitForTimeout(500);
  const box = await img.boundingBox();
  const at = (px, py) => ({ x: box.x + (box.width * px) / 100, y: box.y + (box.height * py) / 100 });

  if (scenario.label !== undefined) await page.getByText(scenario.label, { exact: true }).first().click();
  else {
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.keyboard.press(scenario.tool);
    await page.waitForTimeout(200);
  }
  await scenario.draw(page, at);
  await shot(page, `${scenario.control}-1-drawn`);

  // Select the region in the side panel's list; the per-region controls show under the image while it is selected.
  // A plain tag's region is not listed in the side panel of 1.4.0: it is picked on the image with the select tool.
  if (scenario.selectAt !== undefined) {
    await page.keyboard.press('v');
    await page.waitForTimeout(200);
    await clickAt(page, at(...scenario.selectAt));
  } else await page.locator('.lsf-region-item__title').first().click();
  await page.waitForTimeout(300);
  if (scenario.afterSelect) await scenario.afterSelect(page);
  await page.locator('input[name="red"]').first().check();
  const answered = ['colour'];
  const note = page.locator('textarea[name="note"], input[name="note"]').first();
  if ((await note.count()) > 0) {
    await note.fill('dented');
    await note.press('Enter');
    answered.push('note');
  }
  const number = page.locator('input[name="occluded"]').first();
  if ((await number.count()) > 0) {
    await number.fill('40');
    await number.press('Tab');
    answered.push('occluded');
  }
  await page.waitForTimeout(300);
  await shot(page, `${scenario.control}-2-answered`);
  const dom = SHOTS ? await page.evaluate(() => document.body.innerHTML.replace(/<svg.*?<\/svg>/gs, '')) : '';
  if (SHOTS) writeFileSync(join(SHOTS, `${scenario.control}.html`), dom);

  const result = await page.evaluate(() => window.lsStore.annotationStore.selected.serializeAnnotation());
  await page.close();
  if (errors.length > 0) throw new Error(`the editor failed while recording ${scenario.control}: ${errors.join('; ')}`);
  return { result, answered, stage: { width: box.width, height: box.height } };
}

const bundle = (path) => readFileSync(join(PACKAGE, 'build', 'static', path));
let js;
let css;
try {
  js = bundle('js/main.js');
  css = bundle('css/main.css');
} catch {
  console.error(`No Label Studio bundle under ${PACKAGE}/build/static: unpack npm @heartexlabs/label-studio@1.4.0 and pass its folder (see this file's header).`);
  process.exit(1);
}
const image = gradientPng(IMAGE_WIDTH, IMAGE_HEIGHT);
const html = '<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="/main.css"></head><body><div id="label-studio"></div><script src="/main.js"></script></body></html>';
const server = createServer((req, res) => {
  const send = (type, body) => {
    res.setHeader('content-type', type);
    res.end(body);
  };
  if (req.url === '/') return send('text/html', html);
  if (req.url === '/main.js') return send('text/javascript', js);
  if (req.url === '/main.css') return send('text/css', css);
  if (req.url === '/image.png') return send('image/png', image);
  res.statusCode = 404;
  res.end();
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  // LS_ONLY=<text> records only the fixtures whose file name contains it (a re-run rewrites the numbers of the others).
  for (const scenario of SCENARIOS.filter((s) => !process.env.LS_ONLY || (s.file ?? 'ls-1.4.0-result.json').includes(process.env.LS_ONLY))) {
    const { result, answered, stage } = await record(browser, base, scenario);
    const file = join(CONTROLS, scenario.control, scenario.file ?? 'ls-1.4.0-result.json');
    const fixture = {
      note: 'Recorded from Label Studio 1.4.0 (npm @heartexlabs/label-studio, build/static/js/main.js) in Chromium by packages/label-types/scripts/record-ls-results.mjs: the result of annotation.serializeAnnotation() after drawing in the editor as a user does.',
      config: scenario.config,
      image: { width: IMAGE_WIDTH, height: IMAGE_HEIGHT },
      // The size the editor showed the image at (its stage): the keypoint's width is its strokeWidth in these pixels.
      stage,
      perRegionAnswered: answered,
      result,
    };
    writeFileSync(file, `${JSON.stringify(fixture, null, 2)}\n`);
    console.log(`${scenario.control}: ${result.length} items -> ${file}`);
  }
} finally {
  await browser.close();
  server.close();
}
