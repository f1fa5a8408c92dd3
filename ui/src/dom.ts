/**
 * A few lines in place of a framework: elements are built with `h`, text always goes in as text
 * nodes (nothing an API answers is ever parsed as HTML), and a region is re-rendered by replacing
 * its children.
 */

export type Child = Node | string | number | null | undefined | false | Child[];

type Handler = (event: Event) => void;

export interface Props {
  class?: string;
  title?: string;
  /** Attributes set as written (`type`, `href`, `aria-*`, `data-*`, `for`…). */
  attrs?: Record<string, string | number | boolean | undefined>;
  on?: Record<string, Handler>;
}

const append = (parent: Node, child: Child): void => {
  if (child === null || child === undefined || child === false) {
    return;
  }
  if (Array.isArray(child)) {
    child.forEach((c) => append(parent, c));
    return;
  }
  parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
};

export const h = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] => {
  const element = document.createElement(tag);
  if (props?.class) {
    element.className = props.class;
  }
  if (props?.title) {
    element.title = props.title;
  }
  for (const [name, value] of Object.entries(props?.attrs ?? {})) {
    if (value === true) {
      element.setAttribute(name, '');
    } else if (value !== undefined && value !== false) {
      element.setAttribute(name, String(value));
    }
  }
  for (const [event, handler] of Object.entries(props?.on ?? {})) {
    element.addEventListener(event, handler);
  }
  append(element, children);
  return element;
};

/** Replaces everything inside `region` with `children`. */
export const render = (region: Element, ...children: Child[]): void => {
  const fragment = document.createDocumentFragment();
  append(fragment, children);
  region.replaceChildren(fragment);
};

export const badge = (text: string, tone: string, title?: string): HTMLSpanElement =>
  h('span', { class: `badge badge-${tone}`, title }, text);

export const button = (
  label: string,
  onClick: () => void,
  options: { kind?: 'primary' | 'danger' | 'plain'; testId?: string; disabled?: boolean } = {},
): HTMLButtonElement =>
  h(
    'button',
    {
      class: `btn btn-${options.kind ?? 'plain'}`,
      attrs: { type: 'button', 'data-testid': options.testId, disabled: options.disabled },
      on: { click: onClick },
    },
    label,
  );

export const select = (
  label: string,
  options: ReadonlyArray<readonly [value: string, text: string]>,
  value: string,
  onChange: (value: string) => void,
  testId?: string,
): HTMLLabelElement =>
  h(
    'label',
    { class: 'field' },
    h('span', null, label),
    h(
      'select',
      {
        attrs: { 'data-testid': testId },
        on: { change: (event) => onChange((event.target as HTMLSelectElement).value) },
      },
      options.map(([v, text]) => h('option', { attrs: { value: v, selected: v === value } }, text)),
    ),
  );

/** A modal confirmation; resolves true only when the admin confirms. */
export const confirmDialog = (options: {
  title: string;
  body: Child;
  confirm: string;
  danger?: boolean;
}): Promise<boolean> =>
  new Promise((resolve) => {
    const dialog = h(
      'dialog',
      { class: 'dialog', attrs: { 'aria-labelledby': 'dialog-title', 'data-testid': 'confirm-dialog' } },
      h('h2', { attrs: { id: 'dialog-title' } }, options.title),
      h('div', { class: 'dialog-body' }, options.body),
      h(
        'div',
        { class: 'dialog-actions' },
        button('Cancel', () => close(false), { testId: 'confirm-cancel' }),
        button(options.confirm, () => close(true), {
          kind: options.danger ? 'danger' : 'primary',
          testId: 'confirm-ok',
        }),
      ),
    );
    const close = (answer: boolean) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    dialog.addEventListener('cancel', () => close(false));
    document.body.append(dialog);
    dialog.showModal();
  });
