import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findUserByEmail, createUser } from '../access/users.js';
import type { Actor, Context } from '../context.js';
import { createProject } from '../projects/create-project.js';
import { importTasks } from '../tasks/import-tasks.js';
import { demoLoginsPath, newDemoPassword, readDemoLogins, writeDemoLogins, type DemoLogin } from './demo-logins.js';

/** The demo's people. Their passwords are generated when the demo is created (demo-logins.ts), never fixed. */
export const DEMO_USERS = [
  { email: 'admin@demo.local', role: 'admin', name: 'Admin 管理员' },
  { email: 'manager@demo.local', role: 'manager', name: 'Manager 项目经理' },
  { email: 'annotator1@demo.local', role: 'annotator', name: 'Annotator 1 标注员' },
  { email: 'annotator2@demo.local', role: 'annotator', name: 'Annotator 2 标注员' },
] as const;

export const DEMO_PROJECT_NAME = 'Demo: sentiment 情感分类';

const DEMO_CONFIG = {
  objects: [{ type: 'text', name: 'text', value: 'text' }],
  controls: [
    {
      type: 'choices',
      name: 'sentiment',
      toName: 'text',
      label: 'Sentiment / 情感',
      required: true,
      multiple: false,
      choices: [
        { value: 'positive', hotkey: '1', hint: '正面 — praise, satisfaction' },
        { value: 'negative', hotkey: '2', hint: '负面 — complaint, disappointment' },
        { value: 'neutral', hotkey: '3', hint: '中性或混合 — neither, or both' },
      ],
    },
  ],
};

const DEMO_GUIDELINE = `# Sentiment 情感分类

Choose the writer's overall attitude. 判断作者的整体态度。

| key 键 | label 标签 | when 何时 |
|---|---|---|
| 1 | positive 正面 | praise, satisfaction, recommendation 赞扬、满意、推荐 |
| 2 | negative 负面 | complaint, disappointment, anger 抱怨、失望、生气 |
| 3 | neutral 中性 | facts only, "okay", or praise **and** complaint together 仅陈述事实、"还行"、或褒贬兼有 |

Press **Enter** to submit, **S** to skip. 按 **Enter** 提交，按 **S** 跳过。
`;

export interface DemoSetup {
  /** True when this call created the demo project. */
  created: boolean;
  projectId: number;
  /** The demo's logins, from the logins file; null when the demo exists but its file is gone. */
  logins: DemoLogin[] | null;
  /** Where the logins are kept (mode 0600), in the data directory. */
  loginsFile: string;
}

/**
 * Creates the demo once: four users with generated passwords and a sentiment project of 240 short Chinese and
 * English texts written for it. The passwords are written to `demo-logins.json` in the data directory (owner-only)
 * before any user is created, so a later start finds them again, even after a crash half-way through; running it
 * again finds the existing demo and changes nothing.
 */
export async function setUpDemo(ctx: Context, dataDir: string): Promise<DemoSetup> {
  const loginsFile = demoLoginsPath(dataDir);
  const stored = readDemoLogins(loginsFile);
  const existing = await findDemoProject(ctx);
  if (existing !== undefined) return { created: false, projectId: existing, logins: stored ?? null, loginsFile };
  const logins = DEMO_USERS.map((u) => stored?.find((l) => l.email === u.email) ?? { email: u.email, password: newDemoPassword(), role: u.role });
  if (!stored || logins.some((l) => !stored.includes(l))) writeDemoLogins(loginsFile, logins, ctx.now());
  const projectId = await seedDemo(ctx, logins);
  return { created: true, projectId, logins, loginsFile };
}

async function findDemoProject(ctx: Context): Promise<number | undefined> {
  const row = await ctx.db.kysely.selectFrom('projects').select('id').where('name', '=', DEMO_PROJECT_NAME).executeTakeFirst();
  return row?.id;
}

/** Creates the demo's users (those not there yet) with their logins' passwords, and its project with its tasks. */
async function seedDemo(ctx: Context, logins: readonly DemoLogin[]): Promise<number> {
  for (const login of logins) {
    const person = DEMO_USERS.find((u) => u.email === login.email);
    if (!(await findUserByEmail(ctx, login.email))) await createUser(ctx, { ...login, ...(person ? { name: person.name } : {}) });
  }
  const manager = await findUserByEmail(ctx, 'manager@demo.local');
  if (!manager) throw new Error('demo manager missing after creation');
  const actor: Actor = { userId: manager.id, orgId: manager.org_id, role: manager.role, email: manager.email };
  const project = await createProject(ctx, actor, {
    name: DEMO_PROJECT_NAME,
    description: 'Short product and service reviews in Chinese and English. 中英文短评情感分类演示项目。',
    labelConfig: DEMO_CONFIG,
    overlap: 2,
    leaseTtlSeconds: 600,
    guideline: DEMO_GUIDELINE,
  });
  const file = fileURLToPath(new URL('./sentiment-tasks.jsonl', import.meta.url));
  await importTasks(ctx, actor, project.id, fs.createReadStream(file), {
    fileName: 'sentiment-tasks.jsonl',
    externalIdField: 'ref',
    source: {
      name: 'Biaozhu demo reviews',
      license: 'Apache-2.0, written for the Biaozhu project',
      collectionMethod: 'written by the Biaozhu authors',
      containsPersonalInfo: false,
      legalBasis: '',
    },
  });
  return project.id;
}
