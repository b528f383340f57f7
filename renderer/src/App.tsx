import type { Office } from '../../core/api/contract';
import { go, listHash, useRoute, type Route } from './router';
import { FirstRun } from './screens/FirstRun';
import { Dashboard } from './screens/Dashboard';
import { RequestList } from './screens/RequestList';
import { CorrectRequest, NewRequest } from './screens/NewRequest';
import { RequestView } from './screens/RequestView';
import { Meetings } from './screens/Meetings';
import { MeetingView } from './screens/MeetingView';
import { LetterView } from './screens/LetterView';
import { LetterTemplates } from './screens/LetterTemplates';
import { Agreements } from './screens/Agreements';
import { AgreementView } from './screens/AgreementView';
import { Settings } from './screens/Settings';
import { RegisterImport } from './screens/RegisterImport';
import { AnnualReport } from './screens/AnnualReport';
import { Retention } from './screens/Retention';
import { BreachList } from './screens/BreachList';
import { NewBreach } from './screens/NewBreach';
import { BreachView } from './screens/BreachView';
import { Recovery } from './screens/Backups';
import { Exchanges, ExchangesIndex } from './screens/Exchanges';
import { useCall } from './useCall';
import { ErrorBanner, Loading } from './ui';

const NAV: { hash: string; label: string; match: Route['name'][] }[] = [
  { hash: '#/', label: 'Tableau de bord', match: ['dashboard'] },
  { hash: '#/demandes', label: 'Demandes', match: ['requests', 'request', 'correct-request', 'letter', 'register-import', 'annual-report'] },
  { hash: '#/demandes/nouvelle', label: 'Nouvelle demande', match: ['new-request'] },
  { hash: '#/violations', label: 'Violations de données', match: ['breaches', 'new-breach', 'breach'] },
  { hash: '#/reunions', label: 'Réunions', match: ['meetings', 'meeting'] },
  { hash: '#/conventions', label: 'Conventions', match: ['agreements', 'agreement', 'letter-templates', 'retention'] },
  { hash: '#/echanges', label: 'Échanges', match: ['exchanges', 'exchanges-index'] },
  { hash: '#/parametres', label: 'Paramètres', match: ['settings'] },
];

function Screen({ route, office }: { route: Route; office: Office }) {
  switch (route.name) {
    case 'dashboard':
      return <Dashboard office={office} />;
    case 'requests':
      return <RequestList office={office} query={route.query} />;
    case 'new-request':
      return <NewRequest />;
    case 'request':
      return <RequestView key={route.id} id={route.id} office={office} />;
    case 'correct-request':
      return <CorrectRequest key={route.id} id={route.id} />;
    case 'meetings':
      return <Meetings />;
    case 'meeting':
      return <MeetingView key={route.id} id={route.id} />;
    case 'letter':
      return <LetterView key={`${route.id}/${route.kind}`} requestId={route.id} kind={route.kind} />;
    case 'letter-templates':
      return <LetterTemplates key={route.id} agreementId={route.id} />;
    case 'agreements':
      return <Agreements />;
    case 'agreement':
      return <AgreementView key={route.id} id={route.id} />;
    case 'exchanges':
      return <Exchanges key={route.id} agreementId={route.id} office={office} />;
    case 'exchanges-index':
      return <ExchangesIndex />;
    case 'settings':
      return <Settings office={office} />;
    case 'register-import':
      return <RegisterImport query={route.query} />;
    case 'annual-report':
      return <AnnualReport query={route.query} />;
    case 'retention':
      return <Retention query={route.query} />;
    case 'breaches':
      return <BreachList query={route.query} />;
    case 'new-breach':
      return <NewBreach />;
    case 'breach':
      return <BreachView key={route.id} id={route.id} />;
  }
}

export function App() {
  const route = useRoute();
  const [office, reloadOffice] = useCall('office.get', {});
  const [agreements, reloadAgreements] = useCall('agreements.list', {});

  if (office.state === 'loading' || agreements.state === 'loading') return <Loading />;
  // The register could not be opened (damaged, empty…): the screen that restores a backup.
  if (office.state === 'error' && office.error.code === 'BASE_INDISPONIBLE') return <Recovery error={office.error} />;
  if (office.state === 'error') return <ErrorBanner error={office.error} />;
  if (agreements.state === 'error') return <ErrorBanner error={agreements.error} />;

  if (!office.value || agreements.value.length === 0) {
    return (
      <FirstRun
        office={office.value}
        onDone={(hash) => {
          reloadOffice();
          reloadAgreements();
          go(hash ?? '#/');
        }}
      />
    );
  }

  return (
    <div className="app">
      <a className="skip-link" href="#contenu">
        Aller au contenu
      </a>
      <header className="topbar">
        <span className="brand">Registre des droits ENT</span>
        <span className="office">Office : {office.value.label}</span>
      </header>
      <nav aria-label="Navigation principale" className="sidebar">
        <ul>
          {NAV.map((item) => (
            <li key={item.hash}>
              <a href={item.hash === '#/demandes' ? listHash() : item.hash} aria-current={item.match.includes(route.name) ? 'page' : undefined}>
                {item.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="contenu" className="content">
        <Screen key={route.name === 'requests' || route.name === 'breaches' ? route.name : window.location.hash} route={route} office={office.value} />
      </main>
    </div>
  );
}
