/**
 * @module The console's browser entry: a header with the admin API it talks to, navigation by URL
 * hash (`#/keys`), and one page at a time.
 */
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { adminApi, type ConsoleInfo } from './api';
import { AlertsPage } from './pages/alerts';
import { BudgetsPage } from './pages/budgets';
import { KeysPage } from './pages/keys';
import { UsagePage } from './pages/usage';
import { useLoad } from './use-load';

const PAGES = {
  keys: { title: 'Keys', Page: KeysPage },
  budgets: { title: 'Budgets and limits', Page: BudgetsPage },
  usage: { title: 'Usage', Page: UsagePage },
  alerts: { title: 'Alerts', Page: AlertsPage },
} as const;
type PageName = keyof typeof PAGES;

const pageOf = (hash: string): PageName => {
  const name = hash.replace(/^#\/?/, '');
  return name in PAGES ? (name as PageName) : 'keys';
};

function useHashPage(): PageName {
  const [page, setPage] = useState(() => pageOf(location.hash));
  useEffect(() => {
    const onChange = (): void => setPage(pageOf(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return page;
}

function Connection() {
  const info = useLoad(() => adminApi<ConsoleInfo>('GET', '/console'), []);
  if (info.data === undefined) return null;
  const how = info.data.auth === 'token' ? 'admin token' : `SigV4, ${info.data.region ?? 'default region'}, your AWS credentials`;
  return (
    <p class="connection">
      Admin API <code>{info.data.adminUrl}</code> ({how})
    </p>
  );
}

function App() {
  const page = useHashPage();
  const main = useRef<HTMLElement | null>(null);
  const { title, Page } = PAGES[page];
  useEffect(() => {
    document.title = `${title} · Bedrock Gateway console`;
  }, [title]);
  return (
    <>
      <a class="skip-link" href="#main" onClick={(event) => (event.preventDefault(), main.current?.focus())}>
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Bedrock Gateway console</span>
        <nav aria-label="Pages">
          <ul>
            {(Object.keys(PAGES) as PageName[]).map((name) => (
              <li key={name}>
                <a href={`#/${name}`} aria-current={name === page ? 'page' : undefined}>
                  {PAGES[name].title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <Connection />
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Page key={page} />
      </main>
    </>
  );
}

const root = document.getElementById('app');
if (root !== null) render(<App />, root);
