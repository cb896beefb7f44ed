/** One label of a region-making control, as its toolbar shows it. */
interface ToolbarLabel {
  value: string;
  hint?: string | undefined;
}

interface LabelToolbarProps {
  /** The control's name, for the buttons' test ids (`label-<name>-<n>`). */
  name: string;
  labels: readonly ToolbarLabel[];
  /** The label armed for the next region, shown pressed. */
  armed: string | undefined;
  keyHint: (value: string) => string | null;
  color: (value: string) => string;
  press: (value: string) => void;
}

/**
 * The label buttons of a control that makes regions (spans, boxes, polygons, points): key shown, colour at the edge,
 * the armed one pressed; a click does what the label's key does.
 */
export function LabelToolbar({ name, labels, armed, keyHint, color, press }: LabelToolbarProps) {
  return (
    <div className="choices span-labels" role="toolbar">
      {labels.map((label, i) => {
        const key = keyHint(label.value);
        return (
          <button
            key={label.value}
            type="button"
            className={`choice span-label${armed === label.value ? ' choice-on' : ''}`}
            aria-pressed={armed === label.value}
            title={label.hint}
            style={{ borderLeftColor: color(label.value) }}
            data-testid={`label-${name}-${i + 1}`}
            data-value={label.value}
            onClick={() => press(label.value)}
          >
            {key && <kbd>{key}</kbd>}
            <span>{label.value}</span>
          </button>
        );
      })}
    </div>
  );
}
