import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { AppHeader } from './components/app-header';
import { Loading } from './components/loading';
import { RequireAuth } from './components/require-auth';
import { LoginPage } from './pages/login-page';
import { ProjectListPage } from './pages/project-list-page';
import { WorkspacePage } from './pages/workspace-page';
import { SessionProvider } from './session-context';

// The manager page pulls in ECharts; annotators never download it.
const ManagerProjectPage = lazy(() => import('./pages/manager-project-page'));
const IntakePage = lazy(() => import('./intake/intake-page'));
const CleaningReportPage = lazy(() => import('./intake/report-page'));
const QualityPage = lazy(() => import('./quality/quality-page'));
const AnnotatorStatsPage = lazy(() => import('./quality/annotator-stats-page'));
const ReviewPage = lazy(() => import('./quality/review-page'));
const ReturnedPage = lazy(() => import('./quality/returned-page'));
const UsersPage = lazy(() => import('./pages/users-page'));
const ChangePasswordPage = lazy(() => import('./pages/change-password-page'));
const InvitePage = lazy(() => import('./pages/invite-page'));
const NewProjectPage = lazy(() => import('./pages/new-project-page'));
const ProjectSettingsPage = lazy(() => import('./manager/project-settings-page'));
const TaskBrowserPage = lazy(() => import('./pages/task-browser-page'));

/** Routes: /login, / (projects), /projects/:id/work (annotator workspace), /projects/:id (manager page). */
export function App() {
  return (
    <SessionProvider>
      <BrowserRouter>
        <AppHeader />
        <main className="app-main">
          <Suspense fallback={<Loading />}>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route path="/invite/:token" element={<InvitePage />} />
              <Route path="/change-password" element={<RequireAuth><ChangePasswordPage /></RequireAuth>} />
              <Route path="/people" element={<RequireAuth><UsersPage /></RequireAuth>} />
              <Route path="/" element={<RequireAuth><ProjectListPage /></RequireAuth>} />
              <Route path="/projects/new" element={<RequireAuth><NewProjectPage /></RequireAuth>} />
              <Route path="/projects/:projectId/work" element={<RequireAuth><WorkspacePage /></RequireAuth>} />
              <Route path="/projects/:projectId" element={<RequireAuth><ManagerProjectPage /></RequireAuth>} />
              <Route path="/projects/:projectId/intake" element={<RequireAuth><IntakePage /></RequireAuth>} />
              <Route path="/projects/:projectId/intake/jobs/:jobId" element={<RequireAuth><CleaningReportPage /></RequireAuth>} />
              <Route path="/projects/:projectId/quality" element={<RequireAuth><QualityPage /></RequireAuth>} />
              <Route path="/projects/:projectId/people-stats" element={<RequireAuth><AnnotatorStatsPage /></RequireAuth>} />
              <Route path="/projects/:projectId/review" element={<RequireAuth><ReviewPage /></RequireAuth>} />
              <Route path="/projects/:projectId/returned" element={<RequireAuth><ReturnedPage /></RequireAuth>} />
              <Route path="/projects/:projectId/settings" element={<RequireAuth><ProjectSettingsPage /></RequireAuth>} />
              <Route path="/projects/:projectId/tasks" element={<RequireAuth><TaskBrowserPage /></RequireAuth>} />
              <Route path="*" element={<Navigate to="/" replace />} />
            </Routes>
          </Suspense>
        </main>
      </BrowserRouter>
    </SessionProvider>
  );
}
