/** A page of the console: built once when shown, refreshed by the poller, dropped when left. */
export interface ConsolePage {
  /** Fetches and re-renders the live parts; filters and open panels stay as they are. */
  refresh(): Promise<void>;
  destroy?(): void;
}

export type PageFactory = (container: HTMLElement, params: URLSearchParams) => ConsolePage;
