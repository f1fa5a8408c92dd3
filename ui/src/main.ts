import { ApiError, describeError, request, token, whenUnauthorized } from './api.js';
import { button, h, render } from './dom.js';
import type { ConsolePage, PageFactory } from './page.js';
import { connectorsPage } from './pages/connectors.js';
import { inboxPage } from './pages/inbox.js';
import { operatorsPage } from './pages/operators.js';
import { provisionPage } from './pages/provision.js';
import { runsPage } from './pages/runs.js';

/** Live updates: the page on screen is fetched again this long after its last answer (≤ 5 s). */
const POLL_MS = 4000;

const PAGES: Record<string, { title: string; factory: PageFactory }> = {
  operators: { title: 'Operators', factory: operatorsPage },
  connectors: { title: 'Connectors', factory: connectorsPage },
  runs: { title: 'Runs', factory: runsPage },
  inbox: { title: 'Inbox', factory: inboxPage },
  provision: { title: 'Provision on demand', factory: provisionPage },
};

const app = document.getElementById('app')!;
let current: ConsolePage | undefined;
let timer: number | undefined;
let generation = 0;

const status = h('span', { class: 'live', attrs: { role: 'status', 'data-testid': 'live-status' } });

const route = (): { name: string; params: URLSearchParams } => {
  const [path, search] = location.hash.replace(/^#\/?/, '').split('?');
  return { name: path && path in PAGES ? path : 'operators', params: new URLSearchParams(search ?? '') };
};

const poll = (mine: number) => {
  window.clearTimeout(timer);
  timer = window.setTimeout(() => void tick(mine), POLL_MS);
};

const tick = async (mine: number) => {
  if (mine !== generation || !current) {
    return;
  }
  if (!document.hidden) {
    try {
      await current.refresh();
      status.textContent = `updated ${new Date().toLocaleTimeString()}`;
      status.className = 'live';
    } catch (error) {
      status.textContent = `update failed: ${describeError(error)}`;
      status.className = 'live live-error';
    }
  }
  poll(mine);
};

const showPage = () => {
  const mine = ++generation;
  current?.destroy?.();
  const { name, params } = route();
  const main = h('main', { attrs: { id: 'page', 'data-page': name } });
  render(
    app,
    h(
      'header',
      { class: 'topbar' },
      h('strong', null, 'chat-bridge'),
      h(
        'nav',
        null,
        Object.entries(PAGES).map(([id, page]) =>
          h(
            'a',
            {
              class: id === name ? 'active' : undefined,
              attrs: { href: `#/${id}`, 'aria-current': id === name ? 'page' : undefined },
            },
            page.title,
          ),
        ),
      ),
      status,
      button('Sign out', signOut, { testId: 'sign-out' }),
    ),
    main,
  );
  document.title = `${PAGES[name].title} · chat-bridge`;
  current = PAGES[name].factory(main, params);
  void tick(mine);
};

const signOut = () => {
  token.clear();
  generation++;
  window.clearTimeout(timer);
  current?.destroy?.();
  current = undefined;
  showSignIn();
};

const showSignIn = (message?: string) => {
  const input = h('input', {
    attrs: {
      type: 'password',
      id: 'token',
      autocomplete: 'current-password',
      required: true,
      'data-testid': 'token',
    },
  });
  const error = h(
    'p',
    { class: 'error', attrs: { role: 'alert', 'data-testid': 'sign-in-error' } },
    message ?? '',
  );
  const form = h(
    'form',
    { class: 'sign-in panel', attrs: { 'data-testid': 'sign-in' } },
    h('h1', null, 'chat-bridge console'),
    h('label', { attrs: { for: 'token' } }, 'Admin token (server.adminToken)'),
    input,
    h(
      'button',
      { class: 'btn btn-primary', attrs: { type: 'submit', 'data-testid': 'sign-in-submit' } },
      'Sign in',
    ),
    error,
    h(
      'p',
      { class: 'muted' },
      'The token is kept in this tab only (session storage) and sent as a Bearer header.',
    ),
  );
  // The token never goes into a URL: the form is handled here and never submitted.
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const presented = input.value.trim();
    request('GET', '/api/connectors', undefined, presented).then(
      () => {
        token.set(presented);
        showPage();
      },
      (failure: unknown) => {
        error.textContent =
          failure instanceof ApiError && failure.status === 401
            ? 'That token is not the admin token.'
            : failure instanceof ApiError && failure.status === 403
              ? 'The admin API is disabled: set server.adminToken in the configuration.'
              : describeError(failure);
      },
    );
  });
  render(app, form);
  input.focus();
};

whenUnauthorized(() => {
  if (token.get()) {
    token.clear();
    generation++;
    showSignIn('Signed out: the daemon no longer accepts the token.');
  }
});
window.addEventListener('hashchange', () => {
  if (token.get()) {
    showPage();
  }
});
document.addEventListener('visibilitychange', () => {
  if (!document.hidden && current) {
    void tick(generation);
  }
});

if (token.get()) {
  showPage();
} else {
  showSignIn();
}
