import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { configToLabelStudioXml, labelStudioXmlToConfig, parseLabelConfigInput } from './label-studio-xml.js';

const sentimentXml = `<View>
  <Header value="Read the review"/>
  <Text name="text" value="$text"/>
  <View style="display: flex">
    <Header value="Sentiment"/>
    <Choices name="sentiment" toName="text" choice="single-radio" required="true">
      <Choice value="Positive" hotkey="1" hint="Praise"/>
      <Choice value="Negative" hotkey="2"/>
      <Choice value="Neutral" alias="neu"/>
    </Choices>
  </View>
</View>`;

function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('labelStudioXmlToConfig', () => {
  it('converts text, choices with hotkeys, hints, aliases, and a header as the label', () => {
    expect(labelStudioXmlToConfig(sentimentXml)).toEqual({
      objects: [{ type: 'text', name: 'text', value: 'text' }],
      controls: [
        {
          type: 'choices',
          name: 'sentiment',
          toName: 'text',
          label: 'Sentiment',
          multiple: false,
          required: true,
          choices: [
            { value: 'Positive', hotkey: '1', hint: 'Praise' },
            { value: 'Negative', hotkey: '2' },
            { value: 'neu' },
          ],
        },
      ],
    });
  });

  it('converts an image with multiple, not-required choices (Label Studio defaults)', () => {
    const config = labelStudioXmlToConfig(
      '<View><Image name="img" value="$image"/><Choices name="tags" toName="img" choice="multiple"><Choice value="cat"/><Choice value="dog"/></Choices></View>',
    );
    expect(config.objects).toEqual([{ type: 'image', name: 'img', value: 'image' }]);
    expect(config.controls[0]).toMatchObject({ multiple: true, required: false });
  });

  it('names an unsupported tag and lists the supported ones', () => {
    const error = errorOf(() =>
      labelStudioXmlToConfig('<View><Image name="img" value="$image"/><BrushLabels name="b" toName="img"><Label value="car"/></BrushLabels></View>'),
    );
    expect(error.code).toBe('unsupported_tag');
    expect(error.message).toContain('<BrushLabels>');
    expect(error.message).toContain('RectangleLabels');
    expect(error.message).toContain('Choices');
    expect(
      errorOf(() => labelStudioXmlToConfig('<View><HyperText name="t" value="$t"/><HyperTextLabels name="l" toName="t"/></View>')).message,
    ).toContain('<HyperTextLabels>');
  });

  it('reports schema problems with their path', () => {
    const error = errorOf(() => labelStudioXmlToConfig('<View><Text name="text" value="$text"/><Choices name="c" toName="nope"></Choices></View>'));
    expect(error.code).toBe('invalid_label_config');
    expect(error.message).toContain('controls[0].choices');
    expect(error.message).toContain('controls[0].toName');
    const hotkey = errorOf(() =>
      labelStudioXmlToConfig('<View><Text name="text" value="$text"/><Choices name="c" toName="text"><Choice value="a" hotkey="ctrl+a"/></Choices></View>'),
    );
    expect(hotkey.message).toContain('controls[0].choices[0].hotkey');
  });

  it('reports malformed XML with its line', () => {
    const error = errorOf(() => labelStudioXmlToConfig('<View>\n<Text name="t" value="$t">\n</View>'));
    expect(error.code).toBe('bad_xml');
    expect(error.message).toMatch(/line \d/);
  });

  it('rejects a value that is not a $field reference', () => {
    expect(errorOf(() => labelStudioXmlToConfig('<View><Text name="t" value="hello"/><Choices name="c" toName="t"><Choice value="a"/></Choices></View>')).message).toContain(
      '$text',
    );
  });
});

describe('configToLabelStudioXml', () => {
  it('round-trips through Label Studio XML', () => {
    const config = labelStudioXmlToConfig(sentimentXml);
    const xml = configToLabelStudioXml(config);
    expect(xml).toContain('<Choices name="sentiment" toName="text" choice="single" required="true">');
    expect(labelStudioXmlToConfig(xml)).toEqual(config);
  });

  it('escapes attribute values', () => {
    const config = parseLabelConfigInput(
      JSON.stringify({
        objects: [{ type: 'text', name: 'text', value: 'text' }],
        controls: [{ type: 'choices', name: 'c', toName: 'text', label: 'A "quoted" <label> & more', choices: [{ value: 'x & y', hint: '<b>' }] }],
      }),
    );
    const xml = configToLabelStudioXml(config);
    expect(xml).toContain('&quot;quoted&quot; &lt;label&gt; &amp; more');
    expect(labelStudioXmlToConfig(xml)).toEqual(config);
  });
});

describe('parseLabelConfigInput', () => {
  it('accepts JSON and applies defaults', () => {
    const config = parseLabelConfigInput(
      '{"objects":[{"type":"text","name":"text","value":"text"}],"controls":[{"type":"choices","name":"c","toName":"text","choices":[{"value":"a"}]}]}',
    );
    expect(config.controls[0]).toMatchObject({ multiple: false, required: true });
  });

  it('accepts XML', () => {
    expect(parseLabelConfigInput(`  ${sentimentXml}`).objects).toHaveLength(1);
  });

  it('names the path of a bad field', () => {
    const error = errorOf(() =>
      parseLabelConfigInput('{"objects":[{"type":"text","name":"text","value":"text"}],"controls":[{"type":"choices","name":"c","toName":"text","choices":[]}]}'),
    );
    expect(error.kind).toBe('invalid');
    expect(error.message).toContain('controls[0].choices: ');
    expect(error.details.issues).toEqual([expect.objectContaining({ path: 'controls[0].choices' })]);
  });

  it('rejects text that is neither JSON nor XML', () => {
    expect(errorOf(() => parseLabelConfigInput('choices: a, b')).code).toBe('bad_json');
    expect(errorOf(() => parseLabelConfigInput('  ')).code).toBe('bad_label_config');
  });
});

/** Label Studio configs for the text and LLM types, as its templates and tag docs write them. */
const nerXml = `<View>
  <Relations>
    <Relation value="works_for"/>
    <Relation value="founded"/>
  </Relations>
  <Labels name="label" toName="text">
    <Label value="PER" background="red"/>
    <Label value="ORG" background="darkorange"/>
  </Labels>
  <Text name="text" value="$text"/>
  <TextArea name="comment" toName="text" perRegion="true" placeholder="Why this label?"/>
  <Header value="How well written is it?"/>
  <Rating name="quality" toName="text" maxRating="5" icon="star" size="medium"/>
  <Taxonomy name="topic" toName="text">
    <Choice value="Business"><Choice value="Tech"/></Choice>
    <Choice value="Sports"/>
  </Taxonomy>
</View>`;

const pairwiseXml = `<View>
  <Header value="Select the more accurate summary"/>
  <Pairwise name="pairwise" leftClass="text1" rightClass="text2" toName="txt-1,txt-2"></Pairwise>
  <Text name="txt-1" value="$text1" />
  <Text name="txt-2" value="$text2" />
</View>`;

const rankerXml = `<View>
  <Style>
    .htx-ranker-column { background: cornflowerblue; }
  </Style>
  <List name="results" value="$items" title="Search Results" />
  <Ranker name="rank" toName="results">
    <Bucket name="best" title="Best results" />
    <Bucket name="ads" title="Paid results" />
  </Ranker>
</View>`;

const chatXml = `<View>
  <Paragraphs name="chat" value="$dialogue" layout="dialogue" nameKey="role" textKey="content"/>
  <HyperText name="page" value="$html"/>
  <Number name="turns" toName="chat" min="1" max="50"/>
  <Choices name="safe" toName="chat" choice="single-radio" required="true">
    <Choice value="safe"/>
    <Choice value="unsafe"/>
  </Choices>
</View>`;

describe('Label Studio XML for the text and LLM types', () => {
  it('reads a NER config with relations, a per-region textarea, a rating and a taxonomy', () => {
    const config = labelStudioXmlToConfig(nerXml);
    expect(config.objects).toEqual([{ type: 'text', name: 'text', value: 'text' }]);
    expect(config.controls).toEqual([
      { type: 'relations', name: 'relations', multiple: true, labels: [{ value: 'works_for' }, { value: 'founded' }] },
      { type: 'labels', name: 'label', toName: 'text', multiple: false, required: false, labels: [{ value: 'PER', background: 'red' }, { value: 'ORG', background: 'darkorange' }] },
      { type: 'textarea', name: 'comment', toName: 'text', required: false, perRegion: true, placeholder: 'Why this label?' },
      { type: 'rating', name: 'quality', toName: 'text', maxRating: 5, required: false, label: 'How well written is it?' },
      { type: 'taxonomy', name: 'topic', toName: 'text', required: false, choices: [{ value: 'Business', children: [{ value: 'Tech' }] }, { value: 'Sports' }] },
    ]);
  });

  it('reads Pairwise with toName="a,b", Ranker with buckets on a List, Paragraphs, HyperText and Number', () => {
    expect(labelStudioXmlToConfig(pairwiseXml).controls).toEqual([
      { type: 'pairwise', name: 'pairwise', toName: ['txt-1', 'txt-2'], required: true, label: 'Select the more accurate summary' },
    ]);
    const ranker = labelStudioXmlToConfig(rankerXml);
    expect(ranker.objects).toEqual([{ type: 'list', name: 'results', value: 'items', title: 'Search Results' }]);
    expect(ranker.controls[0]).toEqual({ type: 'ranking', name: 'rank', toName: 'results', required: true, buckets: [{ name: 'best', title: 'Best results' }, { name: 'ads', title: 'Paid results' }] });
    const chat = labelStudioXmlToConfig(chatXml);
    expect(chat.objects).toEqual([
      { type: 'dialogue', name: 'chat', value: 'dialogue', nameKey: 'role', textKey: 'content' },
      { type: 'hypertext', name: 'page', value: 'html' },
    ]);
    expect(chat.controls[0]).toEqual({ type: 'number', name: 'turns', toName: 'chat', min: 1, max: 50, required: false });
  });

  it('writes every one back as Label Studio XML that reads back to the same config', () => {
    for (const xml of [nerXml, pairwiseXml, rankerXml, chatXml]) {
      const config = labelStudioXmlToConfig(xml);
      expect(labelStudioXmlToConfig(configToLabelStudioXml(config))).toEqual(config);
    }
    const written = configToLabelStudioXml(labelStudioXmlToConfig(pairwiseXml));
    expect(written).toContain('<Header value="Select the more accurate summary"/>\n  <Pairwise name="pairwise" toName="txt-1,txt-2"/>');
    expect(configToLabelStudioXml(labelStudioXmlToConfig(nerXml))).toContain('<Relations choice="multiple">\n    <Relation value="works_for"/>');
  });

  it('names the place of a problem inside a type: a bad child, a bad mode, a relation label config error', () => {
    const child = errorOf(() => labelStudioXmlToConfig('<View><Text name="t" value="$t"/><Labels name="l" toName="t"><Choice value="x"/></Labels></View>'));
    expect(child.code).toBe('unsupported_tag');
    expect(child.message).toBe('line 1, column 62: <Choice> inside <Labels> (at View > Labels) is not supported; only <Label> is; supported tags: ' + String(child.details.supported).replace(/,/g, ', '));
    const mode = errorOf(() => labelStudioXmlToConfig('<View><Text name="t" value="$t"/><View><Relations choice="all"/></View></View>'));
    expect(mode).toMatchObject({ code: 'bad_label_config', message: 'line 1, column 40: View > View > Relations: choice="all" must be single or multiple' });
    const span = errorOf(() => labelStudioXmlToConfig('<View><Image name="i" value="$img"/><Labels name="l" toName="i"><Label value="x"/></Labels></View>'));
    expect(span.message).toContain('controls[0].toName: a labels control applies to text objects; "i" is image');
  });
});

describe('the line and column of a problem in pasted XML', () => {
  const broken = (body: string) => `\n<View>\n  <Text name="text" value="$text"/>\n${body}\n</View>`;

  it('names the line of an unsupported tag, counting blank lines before the XML', () => {
    const error = errorOf(() => parseLabelConfigInput(broken('  <Choices name="c" toName="text"><Choice value="a"/></Choices>\n    <Video name="v" value="$v"/>')));
    expect(error.code).toBe('unsupported_tag');
    expect(error.details).toMatchObject({ line: 5, column: 5, tag: 'Video' });
    expect(error.message).toMatch(/^line 5, column 5: <Video>/);
  });

  it('names the line of the child a type refuses, not only of its parent', () => {
    const error = errorOf(() => parseLabelConfigInput(broken('  <Labels name="l" toName="text">\n    <Label value="PER"/>\n    <Choice value="x"/>\n  </Labels>')));
    expect(error.details).toMatchObject({ line: 6, column: 5 });
  });

  it('names the line of the control whose schema check fails (an unknown toName)', () => {
    const error = errorOf(() => parseLabelConfigInput(broken('  <Choices name="c" toName="nowhere">\n    <Choice value="a"/>\n  </Choices>')));
    expect(error.code).toBe('invalid_label_config');
    expect(error.details).toMatchObject({ line: 4, column: 3 });
    expect(error.message).toContain('line 4, column 3: ');
  });

  it('counts lines of malformed XML in the text as pasted', () => {
    const error = errorOf(() => parseLabelConfigInput(`\n\n<View>\n  <Text name="t" value="$t">\n</View>`));
    expect(error).toMatchObject({ code: 'bad_xml', details: { line: 5 } });
  });
});

/** An image config as Label Studio's object detection templates write it, with per-region attributes. */
const imageXml = `<View>
  <Image name="image" value="$image" zoom="true"/>
  <RectangleLabels name="box" toName="image" strokeWidth="3" canRotate="false">
    <Label value="Car" background="green" hotkey="c"/>
    <Label value="Pedestrian" alias="ped" background="blue"/>
  </RectangleLabels>
  <PolygonLabels name="area" toName="image" pointSize="small" opacity="0.5">
    <Label value="Road"/>
  </PolygonLabels>
  <KeyPointLabels name="point" toName="image">
    <Label value="Light"/>
  </KeyPointLabels>
  <Choices name="colour" toName="image" perRegion="true">
    <Choice value="red"/>
    <Choice value="other"/>
  </Choices>
  <TextArea name="plate" toName="image" perRegion="true"/>
  <Number name="occluded" toName="image" perRegion="true" min="0" max="100"/>
</View>`;

describe('Label Studio XML for the image region types', () => {
  it('reads RectangleLabels, PolygonLabels and KeyPointLabels with per-region Choices, TextArea and Number', () => {
    const config = labelStudioXmlToConfig(imageXml);
    expect(config.objects).toEqual([{ type: 'image', name: 'image', value: 'image' }]);
    expect(config.controls.map((c) => [c.type, c.name, 'perRegion' in c ? c.perRegion : undefined])).toEqual([
      ['rectangles', 'box', undefined],
      ['polygons', 'area', undefined],
      ['keypoints', 'point', undefined],
      ['choices', 'colour', true],
      ['textarea', 'plate', true],
      ['number', 'occluded', true],
    ]);
    expect(config.controls[0]).toMatchObject({ strokeWidth: 3, canRotate: false, labels: [{ value: 'Car', background: 'green', hotkey: 'c' }, { value: 'ped', background: 'blue' }] });
    expect(config.controls[1]).toMatchObject({ pointSize: 'small', opacity: 0.5 });
  });

  it('writes it back as Label Studio XML that reads back to the same config, plain Rectangle included', () => {
    const config = labelStudioXmlToConfig(imageXml);
    const written = configToLabelStudioXml(config);
    expect(labelStudioXmlToConfig(written)).toEqual(config);
    expect(written).toContain('<RectangleLabels name="box" toName="image" choice="single" strokeWidth="3" canRotate="false">');
    expect(written).toContain('<Number name="occluded" toName="image" min="0" max="100" required="false" perRegion="true"/>');
    const plain = labelStudioXmlToConfig('<View><Image name="i" value="$img"/><Rectangle name="r" toName="i"/><Polygon name="p" toName="i"/><KeyPoint name="k" toName="i"/></View>');
    expect(plain.controls.map((c) => c.type)).toEqual(['rectangles', 'polygons', 'keypoints']);
    expect(configToLabelStudioXml(plain)).toContain('<Rectangle name="r" toName="i"/>');
    expect(labelStudioXmlToConfig(configToLabelStudioXml(plain))).toEqual(plain);
  });

  it('refuses a box control on a text object, naming it', () => {
    const wrong = errorOf(() => labelStudioXmlToConfig('<View><Text name="t" value="$t"/><RectangleLabels name="b" toName="t"><Label value="x"/></RectangleLabels></View>'));
    expect(wrong.message).toContain('a rectangles control applies to image objects; "t" is text');
  });
});
