import type { Locator, Page } from '@playwright/test';

/** The create form (`/new`). */
export class NotebookFormPage {
  readonly page: Page;

  constructor(page: Page) {
    this.page = page;
  }

  async goto(namespace: string): Promise<void> {
    await this.page.goto(`/new?ns=${namespace}`);
  }

  field(name: string): Locator {
    return this.page.getByTestId(`form-${name}`);
  }

  get launch(): Locator {
    return this.page.getByTestId('form-launch');
  }
}
