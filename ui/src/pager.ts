import { button, h } from './dom.js';

/**
 * Pages of a cursor-paged list: the cursors of the pages visited, so "previous" needs no offset
 * and a page stays the same page while polling refreshes it.
 */
export class CursorPager {
  private cursors: Array<string | undefined> = [undefined];
  /** The `nextCursor` of the page shown; undefined on the last page. */
  next: string | undefined;

  get cursor(): string | undefined {
    return this.cursors[this.cursors.length - 1];
  }

  get number(): number {
    return this.cursors.length;
  }

  reset(): void {
    this.cursors = [undefined];
    this.next = undefined;
  }

  controls(onMove: () => void, testId: string): HTMLElement {
    return h(
      'div',
      { class: 'pager' },
      button(
        '← Previous',
        () => {
          this.cursors.pop();
          onMove();
        },
        { disabled: this.cursors.length === 1, testId: `${testId}-prev` },
      ),
      h('span', { class: 'pager-page', attrs: { 'data-testid': `${testId}-page` } }, `page ${this.number}`),
      button(
        'Next →',
        () => {
          if (this.next) {
            this.cursors.push(this.next);
            onMove();
          }
        },
        { disabled: this.next === undefined, testId: `${testId}-next` },
      ),
    );
  }
}
