import { expect, type Frame, type Locator, type Page } from '@playwright/test';

/** The index page (`/`): notebooks table, volumes table and their dialogs; top-level or in the dashboard's frame. */
export class IndexPage {
  readonly page: Page | Frame;

  constructor(page: Page | Frame) {
    this.page = page;
  }

  async goto(namespace: string, lang?: 'en' | 'fr'): Promise<void> {
    const query = new URLSearchParams({ ns: namespace, ...(lang ? { lang } : {}) });
    await this.page.goto(`/?${query}`);
  }

  /** The notebooks table's row actions: CONNECT, START or STOP, DELETE and the ⋮ menu. */
  rowActions(name: string): Locator[] {
    return [
      this.page.getByTestId(`connect-${name}`),
      this.page.getByTestId(`start-${name}`).or(this.page.getByTestId(`stop-${name}`)),
      this.page.getByTestId(`delete-${name}`),
      this.page.getByTestId(`more-${name}`),
    ];
  }

  /** At most one refresh banner or toast may be on screen while the API fails. */
  get feedback(): Locator {
    return this.page.locator('[data-testid^="toast-"], [data-testid="refresh-banner"]');
  }

  row(name: string): Locator {
    return this.page.getByTestId(`notebook-row-${name}`);
  }

  statusIcon(name: string): Locator {
    return this.page.getByTestId(`notebook-status-${name}`);
  }

  async expectPhase(name: string, phase: string): Promise<void> {
    await expect(this.statusIcon(name)).toHaveAttribute('data-phase', phase);
  }

  get title(): Locator {
    return this.page.getByRole('heading', { level: 1, name: /Notebooks|Blocs-notes/ });
  }

  newNotebookButton(): Locator {
    return this.page.getByTestId('new-notebook');
  }

  stopButton(name: string): Locator {
    return this.page.getByTestId(`stop-${name}`);
  }

  startButton(name: string): Locator {
    return this.page.getByTestId(`start-${name}`);
  }

  deleteButton(name: string): Locator {
    return this.page.getByTestId(`delete-${name}`);
  }

  dialog(kind: 'stop' | 'delete'): Locator {
    return this.page.getByTestId(`${kind}-dialog`);
  }

  async confirm(kind: 'stop' | 'delete'): Promise<void> {
    await this.page.getByTestId(`${kind}-dialog-confirm`).click();
    await expect(this.dialog(kind)).toBeHidden();
  }

  toast(text: string | RegExp): Locator {
    return this.page.locator('[data-testid^="toast-"]').filter({ hasText: text });
  }

  async switchLanguage(lang: 'en' | 'fr'): Promise<void> {
    await this.page.getByTestId(`lang-${lang}`).click();
  }
}
