import type { ControlView, ControlViewProps } from '../../view-kit.js';
import { CLEAR_RATING, RAISE_RATING, rate, ratingKeys, ratingOf } from './rate.js';
import type { RatingControl } from './schema.js';
import { ControlFrame } from '../control-frame.js';

/** A rating control: stars 1 to `maxRating`; while active the digits pick the stars and 0 clears. */
export function RatingControlView({ control, items, onChange, active, onActivate, keyHint, text, newId }: ControlViewProps<RatingControl>) {
  const rating = ratingOf(items);
  const stars = Array.from({ length: control.maxRating }, (_, i) => i + 1);
  const clearKey = keyHint(CLEAR_RATING);
  const raiseKey = keyHint(RAISE_RATING);
  return (
    <ControlFrame control={control} active={active} onActivate={onActivate} text={text} required={control.required !== false}
      note={
        <>
          <span className="muted small" data-testid={`rating-${control.name}-value`}>
            {' '}· {rating === null ? text('ratingNone') : text('ratingValue', { rating, max: control.maxRating })}
          </span>
        </>
      }
    >
      <div className="rating row" role="radiogroup" aria-label={control.label ?? control.name}>
        {stars.map((n) => {
          const key = keyHint(String(n));
          return (
            <button
              key={n}
              type="button"
              className={`rating-star${rating !== null && n <= rating ? ' rating-star-on' : ''}`}
              role="radio"
              aria-checked={rating === n}
              aria-label={text('ratingStars', { rating: n })}
              data-testid={`rating-${control.name}-${n}`}
              onClick={() => onChange(rate(control, items, String(n), newId))}
            >
              <span aria-hidden="true">{rating !== null && n <= rating ? '★' : '☆'}</span>
              {key && <kbd>{key}</kbd>}
            </button>
          );
        })}
        <button type="button" className="btn btn-small" disabled={rating === null} data-testid={`rating-${control.name}-clear`}
          onClick={() => onChange(rate(control, items, CLEAR_RATING, newId))}>
          {text('ratingClear')} {clearKey && <kbd>{clearKey}</kbd>}
        </button>
        {raiseKey && (
          <span className="muted small">
            <kbd>{raiseKey}</kbd> {text('ratingRaise')}
          </span>
        )}
      </div>
    </ControlFrame>
  );
}

export const ratingView: ControlView<RatingControl> = {
  View: RatingControlView,
  keys: ratingKeys,
  press: rate,
};
