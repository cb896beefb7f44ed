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
      labelStudioXmlToConfig('<View><Image name="img" value="$image"/><RectangleLabels name="b" toName="img"><Label value="car"/></RectangleLabels></View>'),
    );
    expect(error.code).toBe('unsupported_tag');
    expect(error.message).toContain('<RectangleLabels>');
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
