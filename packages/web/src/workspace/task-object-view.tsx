import type { LabelObject } from '@biaozhu/contract';
import { objectViewOf, type DrawnRegion, type MediaScope, type RegionGesture, type SpanMark } from '@biaozhu/label-types/views';
import { useTranslation } from 'react-i18next';

interface Props {
  object: LabelObject;
  data: Readonly<Record<string, unknown>>;
  marks?: readonly SpanMark[];
  onSelectSpan?: (span: { start: number; end: number; text: string }) => void;
  onMarkClick?: (id: string) => void;
  /** The value of a region drawn on this object that waits for a label. */
  drawn?: Readonly<Record<string, unknown>> | null;
  /** The keyboard caret's place while the keys move it on this object. */
  caret?: number | undefined;
  onPlaceCaret?: ((at: number) => void) | undefined;
  /** The task's project and id: its stored images load from the project's media routes. */
  mediaScope?: MediaScope | undefined;
  /** On an image some control draws on: what a drawing gesture makes now, and where drawn and reshaped regions go. */
  gesture?: RegionGesture | undefined;
  onDraw?: ((drawn: Omit<DrawnRegion, 'object'>) => void) | undefined;
  onReshape?: ((id: string, geometry: Readonly<Record<string, unknown>>) => void) | undefined;
}

const NO_MARKS: readonly SpanMark[] = [];

/**
 * One object of a task, shown by its type's view (packages/label-types). Task data is untrusted: a type without a
 * view shows its value as text, never as HTML.
 */
export function TaskObjectView({ object, data, marks = NO_MARKS, onSelectSpan, onMarkClick, drawn, caret, onPlaceCaret, mediaScope, gesture, onDraw, onReshape }: Props) {
  const { t } = useTranslation();
  const view = objectViewOf(object);
  if (!view) {
    const value = data[object.value];
    return (
      <div className="task-text" data-testid={`object-${object.name}`}>
        {typeof value === 'string' ? value : JSON.stringify(value ?? '', null, 2)}
      </div>
    );
  }
  const View = view.View;
  return (
    <View
      object={object}
      data={data}
      mediaScope={mediaScope}
      marks={marks}
      drawn={drawn}
      caret={caret}
      onPlaceCaret={onPlaceCaret}
      onSelectSpan={onSelectSpan}
      onMarkClick={onMarkClick}
      gesture={gesture}
      onDraw={onDraw}
      onReshape={onReshape}
      text={(word, vars) => t(`views.${word}`, vars)}
    />
  );
}
