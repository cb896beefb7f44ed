import { useTranslation } from 'react-i18next';

/** The keys, always visible under the controls; `caret` while the active control makes spans on a text (its caret keys). */
export function KeyboardHelp({ multipleControls, regions = false, caret = false }: { multipleControls: boolean; regions?: boolean; caret?: boolean }) {
  const { t } = useTranslation();
  return (
    <p className="keyboard-help muted small" data-testid="keyboard-help">
      <kbd>1</kbd>–<kbd>9</kbd> {t('workspace.keys.pick')} · <kbd>Enter</kbd> {t('workspace.keys.submit')} ·{' '}
      <kbd>S</kbd> {t('workspace.keys.skip')}
      {multipleControls && (
        <>
          {' '}· <kbd>↑</kbd>/<kbd>↓</kbd> {t('workspace.keys.switchControl')}
        </>
      )}
      {caret && (
        <span data-testid="keyboard-help-caret">
          {' '}· <kbd>←</kbd>/<kbd>→</kbd> {t('views.caretMove')} · <kbd>Ctrl+←</kbd>/<kbd>Ctrl+→</kbd> {t('views.caretWord')} ·{' '}
          <kbd>Home</kbd>/<kbd>End</kbd> {t('views.caretEdge')} · <kbd>Shift</kbd>+{t('views.caretShift')} · <kbd>Space</kbd> {t('views.caretMakeArmed')}
        </span>
      )}
      {regions && (
        <>
          {' '}· <kbd>[</kbd>/<kbd>]</kbd> {t('workspace.keys.selectRegion')} · <kbd>Del</kbd> {t('workspace.keys.deleteRegion')} · <kbd>Esc</kbd>{' '}
          {t('workspace.keys.cancel')}
        </>
      )}
      {' '}· <kbd>Ctrl+Z</kbd> {t('workspace.keys.undo')} · <kbd>Ctrl+Shift+Z</kbd> {t('workspace.keys.redo')}
    </p>
  );
}
