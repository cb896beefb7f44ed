import type { LabelConfig, LabelObject } from '@biaozhu/contract';

/** A small grey picture, inline, so a preview of an image config shows something without a network request. */
const SAMPLE_IMAGE =
  'data:image/svg+xml;utf8,' +
  encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="320" height="200"><rect width="320" height="200" fill="#dde3ea"/><circle cx="110" cy="90" r="40" fill="#9fb3c8"/><rect x="170" y="60" width="100" height="80" fill="#bcccdc"/></svg>');

/** A sample value for one object, by the kind of data its type shows (the data shapes of packages/label-types). */
function sampleFor(object: LabelObject, index: number): unknown {
  const o = object as LabelObject & { nameKey?: string; textKey?: string };
  switch (o.type) {
    case 'image':
      return SAMPLE_IMAGE;
    case 'hypertext':
      return '<p>示例 <b>HTML</b> 内容 / sample <i>HTML</i> content</p>';
    case 'dialogue':
      return [
        { [o.nameKey ?? 'author']: 'user', [o.textKey ?? 'text']: '你好，我的订单还没到。' },
        { [o.nameKey ?? 'author']: 'assistant', [o.textKey ?? 'text']: '抱歉，我帮您查一下物流。' },
      ];
    case 'list':
      return [
        { id: 1, title: 'A', body: '第一个候选答案 / first candidate' },
        { id: 2, title: 'B', body: '第二个候选答案 / second candidate' },
        { id: 3, title: 'C', body: '第三个候选答案 / third candidate' },
      ];
    default:
      return index === 0 ? '这是一条示例文本，用来预览标注界面。 This is sample text for the preview.' : `示例 ${o.value} / sample ${o.value}`;
  }
}

/**
 * One task's data for previewing a config: for each data key the objects read (`value="$key"`), a value of the shape
 * the object's type shows. Keys the template already has a sample for keep it.
 */
export function sampleData(config: LabelConfig, known: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  config.objects.forEach((object, i) => {
    data[object.value] = object.value in known ? known[object.value] : sampleFor(object, i);
  });
  return data;
}
