import { expect, type Locator, type Page } from '@playwright/test';

/** The index page (`/`): notebooks table, volumes table and their dialogs. */
export class IndexPage {
  readonly page: Page;

  constructor(page: Page) {
    this.page = page;
  }

  async goto(namespace: string, lang?: 'en' | 'fr'): Promise<void> {
    const query = new URLSearchParams({ ns: namespace, ...(lang ? { lang } : {}) });
    await this.page.goto(`/?${query}`);
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
