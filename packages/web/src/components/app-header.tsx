import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { isManager, useSession } from '../session-context';
import { LanguageSwitch } from './language-switch';

export function AppHeader() {
  const { t } = useTranslation();
  const { user, logout } = useSession();
  const navigate = useNavigate();
  return (
    <header className="app-header">
      <Link to="/" className="brand">
        <span className="brand-mark">标注</span> Biaozhu
      </Link>
      {user && !user.mustChangePassword && (
        <nav className="header-nav">
          <Link to="/" data-testid="nav-projects">{t('header.projects')}</Link>
          {isManager(user) && <Link to="/people" data-testid="nav-people">{t('people.nav')}</Link>}
        </nav>
      )}
      <div className="header-right">
        <LanguageSwitch />
        {user && (
          <>
            <span className="header-user" data-testid="current-user" title={user.email ?? user.phone ?? undefined}>
              {user.name} · {t(`roles.${user.role}`)}
            </span>
            <button
              type="button"
              className="btn btn-ghost"
              data-testid="logout"
              onClick={() => {
                // Leave the page first, so the login page does not send the next user back to it.
                void Promise.resolve(navigate('/login', { replace: true })).then(logout);
              }}
            >
              {t('header.logout')}
            </button>
          </>
        )}
      </div>
    </header>
  );
}
