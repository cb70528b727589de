#!/usr/bin/env node
// Opens a geomention HTML map in headless Chromium (Debian's /usr/bin/chromium
// driven by the pinned puppeteer-core; no browser is downloaded) and reports
// what a person would see, as one JSON object on stdout:
//   ready, places (the page's own count), shapes (drawn .gm-place elements),
//   items (side-list entries), popup (text of the popup opened by clicking
//   the first shape in the list), listPopup (text of the popup opened from
//   the side list), dialogs (alert/confirm/prompt calls: must be none),
//   requests (network requests other than the file itself), errors (page
//   errors), demonymsToggled (places after flipping the demonym toggle).
//   popups (with --all-popups: the text of every place's popup, opened
//   from the side list one by one), forms (the "As: ..." line of each of
//   those popups, or null), views (the map view, {zoom, lat, lon}, after
//   each of those clicks), attribution (the attribution control's text).
// Usage: node check-map.js MAP.html [SCREENSHOT.png] [--all-popups]
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const puppeteer = require('puppeteer-core');

async function main() {
  const argv = process.argv.slice(2).filter((a) => a !== '--all-popups');
  const allPopups = process.argv.includes('--all-popups');
  const file = path.resolve(argv[0]);
  const shot = argv[1];
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'gm-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    userDataDir: profile,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--disable-dev-shm-usage',
    ],
  });
  const out = { dialogs: [], requests: [], errors: [] };
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    page.on('dialog', async (d) => { out.dialogs.push(d.message()); await d.dismiss(); });
    page.on('pageerror', (e) => out.errors.push(String(e)));
    page.on('request', (r) => {
      if (r.url() !== 'file://' + file) { out.requests.push(r.url()); }
    });
    await page.goto('file://' + file, { waitUntil: 'load' });
    await page.waitForSelector('body[data-ready="1"]', { timeout: 15000 });
    out.ready = true;
    out.places = Number(await page.$eval('body', (b) => b.getAttribute('data-places')));
    out.shapes = await page.$$eval('.gm-place', (e) => e.length);
    out.items = await page.$$eval('#gm-list .gm-item', (e) => e.length);
    out.names = await page.$$eval('#gm-list .gm-name', (e) => e.map((x) => x.textContent));

    // Click the shape of the smallest drawn place that is on screen: circle
    // markers and lines are drawn last, so they are on top.
    const box = await page.evaluate(() => {
      const els = Array.from(document.querySelectorAll('.gm-place'));
      let best = null;
      for (const e of els) {
        const r = e.getBoundingClientRect();
        const map = document.getElementById('map').getBoundingClientRect();
        const x = r.left + r.width / 2;
        const y = r.top + r.height / 2;
        if (x < map.left + 5 || x > map.right - 5 || y < map.top + 5 || y > map.bottom - 5) { continue; }
        const top = document.elementFromPoint(x, y);
        if (top !== e) { continue; }
        const area = r.width * r.height;
        if (!best || area < best.area) { best = { x, y, area, cls: e.getAttribute('class') }; }
      }
      return best;
    });
    if (box) {
      await page.mouse.click(box.x, box.y);
      await page.waitForSelector('.leaflet-popup-content', { timeout: 5000 });
      out.popup = await page.$eval('.leaflet-popup-content', (e) => e.textContent);
      out.clicked = box.cls;
      await page.click('.leaflet-popup-close-button');
      // Leaflet fades a closed popup out before removing it.
      await page.waitForFunction(() => !document.querySelector('.leaflet-popup'), { timeout: 5000 });
    }

    // The first entry of the side list zooms to its place and opens it.
    if (out.items > 0) {
      await page.click('#gm-list .gm-item button');
      await page.waitForSelector('.leaflet-popup-content', { timeout: 5000 });
      out.listPopup = await page.$eval('.leaflet-popup-content', (e) => e.textContent);
    }
    if (shot) {
      // Let the zoom and the popup's fade-in finish.
      await new Promise((r) => setTimeout(r, 800));
      await page.screenshot({ path: shot });
    }

    out.attribution = await page.$eval('.leaflet-control-attribution', (e) => e.textContent).catch(() => null);

    if (allPopups) {
      out.popups = [];
      out.forms = [];
      out.views = [];
      const n = out.items;
      for (let i = 0; i < n; i += 1) {
        // The popup of item i starts with its name and kind ("Idlibadmin1 · SY");
        // wait for it, not for whichever popup is still open.
        const prefix = await page.evaluate((k) => {
          const b = document.querySelectorAll('#gm-list .gm-item button')[k];
          const kind = b.querySelector('.gm-kind').textContent.split(',')[0];
          b.click();
          return b.querySelector('.gm-name').textContent + kind;
        }, i);
        const text = await page.waitForFunction(
          (want) => {
            const hit = Array.from(document.querySelectorAll('.leaflet-popup-content'))
              .map((e) => e.textContent)
              .find((t) => t.startsWith(want));
            return hit || false;
          },
          { timeout: 5000 },
          prefix,
        );
        out.popups.push(await text.jsonValue());
        out.forms.push(await page.evaluate((want) => {
          const c = Array.from(document.querySelectorAll('.leaflet-popup-content'))
            .find((e) => e.textContent.startsWith(want));
          const f = c && c.querySelector('.gm-forms');
          return f ? f.textContent : null;
        }, prefix));
        // Let the zoom finish (Leaflet animates it), then read the view.
        await new Promise((r) => setTimeout(r, 400));
        out.views.push(JSON.parse(await page.$eval('body', (b) => b.getAttribute('data-view'))));
      }
    }

    await page.click('#gm-demonyms');
    out.demonymsToggled = Number(await page.$eval('body', (b) => b.getAttribute('data-places')));
    out.shapesToggled = await page.$$eval('.gm-place', (e) => e.length);
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((e) => { process.stderr.write(String(e && e.stack || e) + '\n'); process.exit(1); });
