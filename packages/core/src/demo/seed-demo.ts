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

const NER_CONFIG = {
  objects: [{ type: 'text', name: 'text', value: 'text' }],
  controls: [
    {
      type: 'labels',
      name: 'ner',
      toName: 'text',
      label: 'Entities / 实体',
      labels: [
        { value: 'PER', hotkey: '1', background: '#ffa8a8', hint: '人名 — a person' },
        { value: 'LOC', hotkey: '2', background: '#a5d8ff', hint: '地名 — a place' },
        { value: 'ORG', hotkey: '3', background: '#ffd8a8', hint: '机构 — an organisation' },
      ],
    },
  ],
};

const NER_GUIDELINE = `# Named entities 命名实体

Mark every name in the sentence with its type. 标出句中所有名称及其类型。

| key 键 | label 标签 | what 标什么 | example 例子 |
|---|---|---|---|
| 1 | PER 人名 | people, without titles 人名，不含职务称谓 | **何平**书记 |
| 2 | LOC 地名 | cities, regions, rivers, mountains, bridges 城市、地区、山川、桥梁 | **杭州**、**秦岭** |
| 3 | ORG 机构 | companies, schools, government bodies, media 公司、学校、政府部门、媒体 | **星河科技**、**省教育厅** |

Mark the whole name, not a part: **黄河水利研究院** is one ORG. 标出完整名称：**黄河水利研究院**是一个机构。
Some sentences come with a model's suggestion; check it, do not trust it. 部分句子带有模型预标注，请核对，不要直接采信。
`;

const PREFERENCE_CONFIG = {
  objects: [
    { type: 'text', name: 'prompt', value: 'prompt' },
    { type: 'text', name: 'answer_a', value: 'answer_a' },
    { type: 'text', name: 'answer_b', value: 'answer_b' },
  ],
  controls: [
    // not required: choosing neither side records a tie (Label Studio's Pairwise writes no item then)
    { type: 'pairwise', name: 'preference', toName: ['answer_a', 'answer_b'], label: 'Which answer is better? / 哪个回答更好？', required: false },
    { type: 'rating', name: 'quality', toName: 'prompt', maxRating: 5, label: 'How good is the better answer? / 较好回答的质量' },
    { type: 'textarea', name: 'reason', toName: 'prompt', required: false, rows: 2, label: 'Why? (optional) / 理由（可选）' },
  ],
};

const PREFERENCE_GUIDELINE = `# Answer preference 回答偏好

Read the prompt and both answers, then pick the better answer: correct, helpful, clear, safe.
阅读问题和两个回答，选出更好的一个：正确、有用、清楚、安全。

- If both are equally good or equally bad, pick neither. 两个一样好或一样差时，两边都不选（记为平局）。
- Do not prefer an answer for being first or longer. 不要因为回答在左边或更长就选它。
- Rate the better answer from 1 (poor) to 5 (excellent). 给较好的回答打 1（差）到 5（优秀）分。
`;

/** A demo project: its name, settings and the JSONL file of its tasks beside this module. */
interface DemoProject {
  name: string;
  description: string;
  labelConfig: Record<string, unknown>;
  guideline: string;
  file: string;
}

/** The demo's projects; found again by name, so each is created once. */
export const DEMO_PROJECTS: readonly DemoProject[] = [
  {
    name: DEMO_PROJECT_NAME,
    description: 'Short product and service reviews in Chinese and English. 中英文短评情感分类演示项目。',
    labelConfig: DEMO_CONFIG,
    guideline: DEMO_GUIDELINE,
    file: 'sentiment-tasks.jsonl',
  },
  {
    name: 'Demo: Chinese NER 中文命名实体',
    description: '50 short Chinese news sentences: mark people, places and organisations; some carry a model\'s pre-annotation. 50 条中文新闻短句：标注人名、地名、机构，部分带有模型预标注。',
    labelConfig: NER_CONFIG,
    guideline: NER_GUIDELINE,
    file: 'ner-news-tasks.jsonl',
  },
  {
    name: 'Demo: LLM answer preference 大模型回答偏好',
    description: '30 prompts in Chinese and English, each with two model answers: pick the better one and rate it. 30 个中英文问题，各有两个模型回答：选出更好的并打分。',
    labelConfig: PREFERENCE_CONFIG,
    guideline: PREFERENCE_GUIDELINE,
    file: 'llm-preference-tasks.jsonl',
  },
];

export interface DemoSetup {
  /** True when this call created the demo, or one of its projects that was missing. */
  created: boolean;
  /** The sentiment project (the first demo project). */
  projectId: number;
  /** Every demo project, in DEMO_PROJECTS order. */
  projectIds: number[];
  /** The demo's logins, from the logins file; null when the demo exists but its file is gone. */
  logins: DemoLogin[] | null;
  /** Where the logins are kept (mode 0600), in the data directory. */
  loginsFile: string;
}

/**
 * Creates the demo once: four users with generated passwords and three projects whose texts were written for it
 * (240 short Chinese and English reviews to classify, 50 Chinese news sentences for named entities, 30 prompts with
 * two model answers to compare). The passwords are written to `demo-logins.json` in the data directory (owner-only)
 * before any user is created, so a later start finds them again, even after a crash half-way through. Running it
 * again finds the existing demo and changes nothing; a demo created by an older version gains the projects it lacks.
 */
export async function setUpDemo(ctx: Context, dataDir: string): Promise<DemoSetup> {
  const loginsFile = demoLoginsPath(dataDir);
  const stored = readDemoLogins(loginsFile);
  const existing = await findDemoProjects(ctx);
  const ids = DEMO_PROJECTS.map((p) => existing.get(p.name));
  if (ids.every((id) => id !== undefined)) return { created: false, projectId: ids[0]!, projectIds: ids, logins: stored ?? null, loginsFile };
  let logins: DemoLogin[] | null = stored ?? null;
  // A fresh demo (no sentiment project yet): generate the logins and create the people first.
  if (ids[0] === undefined) {
    const fresh = DEMO_USERS.map((u) => stored?.find((l) => l.email === u.email) ?? { email: u.email, password: newDemoPassword(), role: u.role });
    if (!stored || fresh.some((l) => !stored.includes(l))) writeDemoLogins(loginsFile, fresh, ctx.now());
    await createDemoUsers(ctx, fresh);
    logins = fresh;
  }
  const manager = await findUserByEmail(ctx, 'manager@demo.local');
  if (!manager) throw new Error('the demo manager manager@demo.local is missing; start the demo with an empty data directory');
  const actor: Actor = { userId: manager.id, orgId: manager.org_id, role: manager.role, email: manager.email };
  // Created last to first: project lists show the newest first, so the sentiment project, the simplest to start
  // with, heads an annotator's list on a fresh demo.
  const projectIds = [...ids];
  for (let i = DEMO_PROJECTS.length - 1; i >= 0; i--) projectIds[i] ??= await createDemoProject(ctx, actor, DEMO_PROJECTS[i]!);
  return { created: true, projectId: projectIds[0]!, projectIds: projectIds as number[], logins, loginsFile };
}

async function findDemoProjects(ctx: Context): Promise<Map<string, number>> {
  const rows = await ctx.db.kysely
    .selectFrom('projects')
    .select(['id', 'name'])
    .where(
      'name',
      'in',
      DEMO_PROJECTS.map((p) => p.name),
    )
    .orderBy('id')
    .execute();
  const byName = new Map<string, number>();
  for (const r of rows) if (!byName.has(r.name)) byName.set(r.name, r.id);
  return byName;
}

/** Creates the demo's users (those not there yet) with their logins' passwords. */
async function createDemoUsers(ctx: Context, logins: readonly DemoLogin[]): Promise<void> {
  for (const login of logins) {
    const person = DEMO_USERS.find((u) => u.email === login.email);
    if (!(await findUserByEmail(ctx, login.email))) await createUser(ctx, { ...login, ...(person ? { name: person.name } : {}) });
  }
}

/** Creates one demo project (two answers per task, open to every annotator) and imports its tasks. */
async function createDemoProject(ctx: Context, actor: Actor, demo: DemoProject): Promise<number> {
  const project = await createProject(ctx, actor, {
    name: demo.name,
    description: demo.description,
    labelConfig: demo.labelConfig,
    overlap: 2,
    leaseTtlSeconds: 600,
    guideline: demo.guideline,
  });
  const file = fileURLToPath(new URL(`./${demo.file}`, import.meta.url));
  await importTasks(ctx, actor, project.id, fs.createReadStream(file), {
    fileName: demo.file,
    externalIdField: 'ref',
    source: {
      name: `Biaozhu demo: ${demo.name}`,
      license: 'Apache-2.0, written for the Biaozhu project',
      collectionMethod: 'written by the Biaozhu authors',
      containsPersonalInfo: false,
      legalBasis: '',
    },
  });
  return project.id;
}
