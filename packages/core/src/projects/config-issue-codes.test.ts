import { CONFIG_ISSUE_CODES } from '@biaozhu/label-types';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { toLabelConfig } from './create-project.js';
import { labelStudioXmlToConfig } from './label-studio-xml.js';

function issueOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return { status: error.code, message: error.message, issue: error.details.issue as { code: string; params: Record<string, unknown> } };
    throw error;
  }
  throw new Error('expected a DomainError');
}

const xml = (body: string) => `<View>\n  <Text name="text" value="$text"/>\n${body}\n</View>`;

// The checker's refusals carry a code and the names their sentence fills in (config-issues.ts), beside the English
// message, so the web can say them in Chinese; each code is one the web has words for (config-issues.test.ts there).
describe('label config issues have codes and params', () => {
  const cases: [string, () => unknown, string, Record<string, unknown>][] = [
    ['a broken tag', () => labelStudioXmlToConfig('<View>\n  <Text name="text" value="$text">\n</View>'), 'xml_syntax', { line: 3, column: 1 }],
    ['a DOCTYPE', () => labelStudioXmlToConfig('<!DOCTYPE x>\n<View/>'), 'xml_doctype', { line: 1, column: 1 }],
    ['no View root', () => labelStudioXmlToConfig('<Text name="t" value="$t"/>'), 'no_view_root', {}],
    ['an unknown tag', () => labelStudioXmlToConfig(xml('  <Video name="v" value="$v"/>')), 'unsupported_tag', { tag: 'Video' }],
    ['a wrong child', () => labelStudioXmlToConfig(xml('  <Labels name="l" toName="text"><Choice value="x"/></Labels>')), 'unsupported_child', { tag: 'Choice', parent: 'Labels' }],
    ['a literal value', () => labelStudioXmlToConfig('<View><Text name="text" value="hello"/></View>'), 'value_not_data_key', { value: 'hello', example: '$text' }],
    ['a bad choice mode', () => labelStudioXmlToConfig(xml('  <Choices name="c" toName="text" choice="many"><Choice value="a"/></Choices>')), 'bad_choice_mode', { value: 'many' }],
    ['a name used twice', () => labelStudioXmlToConfig(xml('  <Choices name="text" toName="text"><Choice value="a"/></Choices>')), 'duplicate_name', { name: 'text' }],
    ['a missing object', () => labelStudioXmlToConfig(xml('  <Choices name="c" toName="nope"><Choice value="a"/></Choices>')), 'no_such_object', { name: 'nope' }],
    ['an option twice', () => labelStudioXmlToConfig(xml('  <Choices name="c" toName="text"><Choice value="a"/><Choice value="a"/></Choices>')), 'duplicate_option', { value: 'a' }],
    ['max below min', () => labelStudioXmlToConfig(xml('  <Number name="n" toName="text" min="5" max="1"/>')), 'max_below_min', { min: 5, max: 1 }],
    ['no choices (a zod check)', () => labelStudioXmlToConfig(xml('  <Choices name="c" toName="text"></Choices>')), 'too_small', { path: 'controls[0].choices', minimum: 1 }],
    ['an unknown type in JSON', () => toLabelConfig({ objects: [{ type: 'video', name: 'v', value: 'v' }], controls: [] }), 'unknown_type', { path: 'labelConfig.objects[0].type' }],
  ];
  it.each(cases)('%s', (_what, check, code, params) => {
    const { status, message, issue } = issueOf(check);
    expect(status).toMatch(/^[a-z_]+$/);
    expect(message.length).toBeGreaterThan(0);
    expect(issue).toMatchObject({ code, params });
    expect(CONFIG_ISSUE_CODES).toContain(issue.code);
  });
});
