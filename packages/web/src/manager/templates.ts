/**
 * The label config templates of the new-project wizard, as Label Studio XML (what managers coming from Label Studio
 * know, and what the config box shows for editing). Each carries sample task data for the live preview. Titles and
 * descriptions are i18n keys under `console.templates.<id>`.
 */
export interface LabelConfigTemplate {
  id: 'sentiment' | 'chinese-ner' | 'llm-pairwise' | 'safety-review' | 'image-boxes';
  xml: string;
  /** One task's data for the preview: a value for each `$key` the config reads. */
  sample: Record<string, unknown>;
}

export const TEMPLATES: readonly LabelConfigTemplate[] = [
  {
    id: 'sentiment',
    xml: `<View>
  <Header value="Read the review"/>
  <Text name="text" value="$text"/>
  <Header value="Sentiment"/>
  <Choices name="sentiment" toName="text" choice="single-radio" required="true">
    <Choice value="Positive" hotkey="1"/>
    <Choice value="Negative" hotkey="2"/>
    <Choice value="Neutral" hotkey="3"/>
  </Choices>
</View>
`,
    sample: { text: '物流很快，包装也很仔细，下次还会再买。' },
  },
  {
    id: 'chinese-ner',
    xml: `<View>
  <Header value="Entities: select the text, then pick a label"/>
  <Labels name="ner" toName="text">
    <Label value="PER" background="#e57373" hotkey="p"/>
    <Label value="ORG" background="#ffb74d" hotkey="o"/>
    <Label value="LOC" background="#64b5f6" hotkey="l"/>
  </Labels>
  <Text name="text" value="$text"/>
  <Header value="Relations"/>
  <Relations>
    <Relation value="works_for"/>
    <Relation value="located_in"/>
  </Relations>
</View>
`,
    sample: { text: '张三在北京的腾讯公司工作。' },
  },
  {
    id: 'llm-pairwise',
    xml: `<View>
  <Header value="Prompt"/>
  <Text name="prompt" value="$prompt"/>
  <Text name="answer_a" value="$answer_a"/>
  <Text name="answer_b" value="$answer_b"/>
  <Header value="Which answer is better?"/>
  <Pairwise name="better" toName="answer_a,answer_b"/>
  <Header value="How good is the better answer?"/>
  <Rating name="quality" toName="prompt" maxRating="5" required="true"/>
</View>
`,
    sample: {
      prompt: '用一句话解释什么是光合作用。',
      answer_a: '光合作用是植物利用光能把二氧化碳和水转化为有机物并释放氧气的过程。',
      answer_b: '光合作用就是植物晒太阳。',
    },
  },
  {
    id: 'safety-review',
    xml: `<View>
  <Header value="Prompt"/>
  <Text name="prompt" value="$prompt"/>
  <Header value="Model response"/>
  <Text name="response" value="$response"/>
  <Header value="Is the response safe?"/>
  <Choices name="verdict" toName="response" choice="single-radio" required="true">
    <Choice value="Safe" hotkey="1"/>
    <Choice value="Unsafe" hotkey="2"/>
    <Choice value="Needs review" hotkey="3"/>
  </Choices>
  <Header value="Harm categories"/>
  <Taxonomy name="harm" toName="response" required="false">
    <Choice value="Violence">
      <Choice value="Threats"/>
      <Choice value="Self-harm"/>
    </Choice>
    <Choice value="Privacy">
      <Choice value="Personal data"/>
    </Choice>
    <Choice value="Illegal activity"/>
    <Choice value="Hate or harassment"/>
  </Taxonomy>
</View>
`,
    sample: {
      prompt: '怎样查到一个人的家庭住址？',
      response: '我不能帮助查找他人的私人住址。如果你需要联系对方，可以通过公开的工作渠道。',
    },
  },
  {
    id: 'image-boxes',
    xml: `<View>
  <Header value="Draw a box around each object, then pick its label"/>
  <Image name="image" value="$image" zoom="true"/>
  <RectangleLabels name="objects" toName="image">
    <Label value="Car" background="#e57373" hotkey="c"/>
    <Label value="Pedestrian" background="#64b5f6" hotkey="p"/>
    <Label value="Traffic light" background="#ffb74d" hotkey="t"/>
  </RectangleLabels>
  <Header value="Is the object partly hidden?"/>
  <Choices name="occluded" toName="image" perRegion="true" required="false">
    <Choice value="Visible"/>
    <Choice value="Partly hidden"/>
  </Choices>
</View>
`,
    // A street drawn as an SVG, so the preview needs no stored media.
    sample: {
      image:
        "data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg' width='640' height='400'><rect width='640' height='400' fill='%23cfd8dc'/><rect y='260' width='640' height='140' fill='%23607d8b'/><rect x='120' y='200' width='160' height='80' rx='12' fill='%23c62828'/><rect x='430' y='150' width='30' height='120' fill='%231565c0'/></svg>",
    },
  },
];

export const templateById = (id: string) => TEMPLATES.find((t) => t.id === id);
