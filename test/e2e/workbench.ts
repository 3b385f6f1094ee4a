// Driving the real VS Code web workbench (code-server) with playwright-core and Debian's Chromium.
// Every wait is bounded; the selectors are the workbench's own DOM (see TESTING-VSCODE.md).
import { chromium } from 'playwright-core';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';

export const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A fresh headless Chromium profile in `runDir`, with XDG folders kept out of $HOME. */
export async function launchBrowser(runDir: string, xdgEnv: Record<string, string>): Promise<BrowserContext> {
  mkdirSync(runDir, { recursive: true });
  return chromium.launchPersistentContext(mkdtempSync(join(runDir, 'chromium-')), {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    viewport: { width: 1440, height: 900 },
    // Our CleanupStack handles signals (closing the browser among the rest); Playwright's own
    // handlers would exit the process before code-server's group is stopped.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    env: { ...process.env, ...xdgEnv } as Record<string, string>,
  });
}

/** The workbench page plus helpers for the parts of it a test touches. */
export class Workbench {
  readonly page: Page;
  private readonly shotsDir: string;
  private shotCount = 0;

  constructor(page: Page, shotsDir: string) {
    this.page = page;
    this.shotsDir = shotsDir;
    mkdirSync(shotsDir, { recursive: true });
  }

  /** Opens `url` and waits for the workbench chrome (activity bar) to be visible. */
  async open(url: string, timeoutMs = 60_000): Promise<void> {
    await this.page.goto(url);
    await this.page.locator('.monaco-workbench').waitFor({ timeout: timeoutMs });
    await this.page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: timeoutMs });
  }

  /** Saves `.../NN-name.png` and returns its path. */
  async shot(name: string): Promise<string> {
    this.shotCount += 1;
    const file = join(this.shotsDir, `${String(this.shotCount).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Runs a command by its palette title (F1, type, wait for the focused row to match, Enter). */
  async runCommand(title: string, timeoutMs = 20_000): Promise<void> {
    await this.startCommand(title, timeoutMs);
    await this.page.locator('.quick-input-widget input').waitFor({ state: 'hidden', timeout: timeoutMs });
  }

  /** Picks a command in the palette without waiting for the palette to close (the command may ask for input in it). */
  async startCommand(title: string, timeoutMs = 20_000): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 1; ; attempt++) {
      // After a click inside a webview, keyboard focus sits in its iframe and F1 never reaches the
      // workbench: hand focus back to the top document first.
      await this.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await this.page.keyboard.press('F1');
      try {
        await input.waitFor({ state: 'visible', timeout: Math.max(1_000, deadline - Date.now()) });
        await input.fill(`>${title}`, { timeout: 5_000 });
        break;
      } catch (error) {
        // A webview that takes the focus back just after F1 closes the palette as it opens (the
        // input is then left inert, seen once in CI): open it again, up to three times.
        if (attempt >= 3 || Date.now() >= deadline) throw error;
        await this.page.keyboard.press('Escape');
      }
    }
    await this.page.locator('.quick-input-list .monaco-list-row.focused', { hasText: title }).first().waitFor({ timeout: timeoutMs });
    await this.page.keyboard.press('Enter');
  }

  /** Answers the input box titled `title` (an extension's showInputBox) with `value` and Enter. */
  async answerInputBox(title: string, value: string, timeoutMs = 20_000): Promise<void> {
    const widget = this.page.locator('.quick-input-widget', { has: this.page.locator('.quick-input-title', { hasText: title }) });
    await widget.waitFor({ state: 'visible', timeout: timeoutMs });
    const input = widget.locator('input').first();
    await input.fill(value);
    await this.page.keyboard.press('Enter');
  }

  /** Opens a view container from its activity bar item (aria-label starts with `title`). */
  async openViewContainer(containerId: string, title: string, timeoutMs = 20_000): Promise<Locator> {
    const container = this.viewContainer(containerId);
    if (await container.isVisible()) return container;
    const item = this.page.locator(`.part.activitybar .action-item a.action-label[aria-label^="${title}"], .part.activitybar .action-item[aria-label^="${title}"]`).first();
    await item.waitFor({ timeout: timeoutMs });
    await item.click();
    await container.waitFor({ timeout: timeoutMs });
    return container;
  }

  /** The side bar element of view container `containerId` (as in package.json viewsContainers). */
  viewContainer(containerId: string): Locator {
    return this.page.locator(`[id="workbench.view.extension.${containerId}"]`);
  }

  /** A tree/list row inside `scope` whose label text contains `text`. */
  treeRow(scope: Locator, text: string | RegExp): Locator {
    return scope.locator('.monaco-list-row', { has: this.page.locator('.label-name', { hasText: text }) }).first();
  }

  /** The row's label and description as rendered (`.label-name`, `.label-description`) and its tree level. */
  async rowText(row: Locator): Promise<{ label: string; description: string; level: number; expanded: boolean | undefined }> {
    return row.evaluate((element) => ({
      label: element.querySelector('.label-name')?.textContent?.trim() ?? '',
      description: element.querySelector('.label-description')?.textContent?.trim() ?? '',
      level: Number(element.getAttribute('aria-level') ?? 0),
      expanded: element.hasAttribute('aria-expanded') ? element.getAttribute('aria-expanded') === 'true' : undefined,
    }));
  }

  /** Right-clicks `row` and waits for its context menu entry `item` (`.context-view` menu, entry by aria-label) to be clickable. */
  async openContextMenu(row: Locator, item: string, timeoutMs = 10_000): Promise<Locator> {
    const entry = this.page.locator(`.context-view .action-menu-item:has(.action-label[aria-label=${JSON.stringify(item)}])`).first();
    // A right-click that lands while the tree redraws the row, or that only takes the focus back
    // from a webview, opens no menu; a user clicks again, and so does this, until timeoutMs.
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await row.click({ button: 'right' });
      const left = deadline - Date.now();
      const shown = await entry.waitFor({ timeout: Math.max(1, Math.min(3_000, left)) }).then(() => true, (error: unknown) => {
        if (Date.now() >= deadline) throw error;
        return false;
      });
      if (shown) break;
      await this.page.keyboard.press('Escape');
    }
    // The menu ignores a click that arrives while it is still fading in.
    await this.waitSettled(entry, timeoutMs);
    return entry;
  }

  /** Clicks an entry from openContextMenu() and waits for the menu to close. */
  async pickMenuEntry(entry: Locator, timeoutMs = 10_000): Promise<void> {
    await entry.click({ timeout: timeoutMs });
    await entry.waitFor({ state: 'detached', timeout: timeoutMs });
  }

  /** The status bar entry whose text contains `text`. */
  statusBarItem(text: string | RegExp): Locator {
    return this.page.locator('.part.statusbar .statusbar-item', { hasText: text }).first();
  }

  /** Waits for a notification toast whose text matches every `texts` entry. */
  async waitToast(texts: (string | RegExp)[], timeoutMs = 30_000): Promise<Locator> {
    let toast = this.page.locator('.notifications-toasts .notification-toast');
    for (const text of texts) toast = toast.filter({ hasText: text });
    await toast.first().waitFor({ timeout: timeoutMs });
    return toast.first();
  }

  /** Clicks the toast's button named `name` and waits for the toast to go away. */
  async clickToastButton(toast: Locator, name: string, timeoutMs = 10_000): Promise<void> {
    const button = toast.getByRole('button', { name, exact: true });
    await button.click({ timeout: timeoutMs });
    await toast.waitFor({ state: 'hidden', timeout: timeoutMs });
  }

  /** Names of the open terminals as the terminal panel shows them (tabs or the single-terminal title). */
  async terminalNames(): Promise<string[]> {
    const names = await this.page.locator('.terminal-tabs-entry .monaco-icon-label, .single-terminal-tab').allInnerTexts();
    return names.map((name) => name.trim()).filter(Boolean);
  }

  /** Text of the visible terminal (DOM renderer: `.xterm-rows`), lines joined by newlines. */
  async terminalText(): Promise<string> {
    const rows = this.page.locator('.terminal-wrapper.active .xterm-rows');
    const target = (await rows.count()) ? rows.first() : this.page.locator('.xterm-rows').first();
    const text = (await target.innerText()).replace(/\u00a0/g, ' ');
    return text.split('\n').map((line) => line.trimEnd()).filter(Boolean).join('\n');
  }

  /** Waits until some terminal's rows contain `text` (wrapped rows count as one line); returns the visible terminal's text. */
  async waitTerminalText(text: string, timeoutMs = 30_000): Promise<string> {
    await this.page.waitForFunction((needle) => [...document.querySelectorAll('.xterm-rows')]
      .some((rows) => (rows.textContent ?? '').replace(/\u00a0/g, ' ').includes(needle)), text, { timeout: timeoutMs });
    return this.terminalText();
  }

  /**
   * Waits until `target` has finished fading in (no running animation, fully opaque), so a click
   * lands and a screenshot shows it. Returns false (and does not throw) when that takes too long.
   */
  async waitSettled(target: Locator, timeoutMs = 5_000): Promise<boolean> {
    const handle = await target.elementHandle({ timeout: timeoutMs });
    if (!handle) return false;
    try {
      await this.page.waitForFunction((element) => {
        for (let node: Element | null = element; node; node = node.parentElement) {
          if (getComputedStyle(node).opacity !== '1') return false;
          if (node.getAnimations().some((animation) => animation.playState === 'running')) return false;
        }
        return true;
      }, handle, { timeout: timeoutMs });
      return true;
    } catch {
      return false;
    } finally {
      await handle.dispose();
    }
  }

  /** Moves the pointer over the empty editor area so no hover tooltip covers what a screenshot shows. */
  async parkPointer(): Promise<void> {
    const viewport = this.page.viewportSize() ?? { width: 1440, height: 900 };
    await this.page.mouse.move(viewport.width * 0.65, viewport.height * 0.3);
  }

  /** Drags the side bar's sash so tree labels and descriptions are readable in screenshots. */
  async widenSideBar(width: number): Promise<void> {
    const sidebar = await this.page.locator('.part.sidebar').boundingBox();
    const sash = await this.page.locator('.monaco-sash.primary-sidebar-sash').boundingBox();
    if (!sidebar || !sash || sidebar.width >= width) return;
    const x = sash.x + sash.width / 2;
    const y = sash.y + sash.height / 2;
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    await this.page.mouse.move(x + width - sidebar.width, y, { steps: 5 });
    await this.page.mouse.up();
    await this.parkPointer();
  }
}
