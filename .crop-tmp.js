const { chromium } = require('playwright-core');
(async () => {
  const [file, outPrefix, h, ...ys] = process.argv.slice(2);
  const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const p = await b.newPage({ viewport: { width: 1280, height: Number(h) } });
  const data = require('fs').readFileSync(file).toString('base64');
  await p.setContent(`<html><body style="margin:0;overflow:hidden"><img id=i style="display:block"></body></html>`);
  await p.evaluate((d) => new Promise((r) => { const i = document.getElementById('i'); i.onload = r; i.src = 'data:image/png;base64,' + d; }), data);
  for (const y of ys) {
    await p.evaluate((y) => { document.getElementById('i').style.marginTop = `-${y}px`; }, Number(y));
    await p.screenshot({ path: `${outPrefix}${y}.png` });
  }
  await b.close();
})();
