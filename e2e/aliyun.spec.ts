// The wizard's Aliyun path in the page: a pasted console JSON (the device certificate), the derived
// endpoint and login shown before sending, connected on the virtual EC20 against its Aliyun-checking
// broker, then a property post preset answered on its _reply topic in the topics panel; the
// DeviceSecret is nowhere in the page, the log, the exports or the journal in clear.
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import { Secret } from '../electron/aliyun/secret';
import { signMqtt } from '../electron/aliyun/sign';
import { openVirtualModem } from './helpers';

test.describe.configure({ timeout: 180_000 });

const SECRET = 'ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSe';
const CERT = JSON.stringify({ ProductKey: 'a1X2bEnP82z', DeviceName: 'meter-0042', DeviceSecret: SECRET }, null, 2);
const shots = 'test-results/aliyun';

test.afterEach(async ({ page }) => {
  const close = page.getByTestId('close-port');
  if (await close.isVisible().catch(() => false)) await close.click();
});

async function exportShown(page: Page, format: 'html' | 'json' | 'text'): Promise<string> {
  await page.getByTestId('export-open').click();
  await page.getByTestId(`export-format-${format}`).check();
  await page.getByTestId('export-run').click();
  await expect(page.getByTestId('export-confirmation')).toBeVisible();
  const written = (await page.getByTestId('export-path').textContent()) ?? '';
  await page.getByTestId('export-close').click();
  return fs.readFileSync(written, 'utf8');
}

test('Aliyun path: paste the device certificate, connect, post a property and read its reply; the secret stays hidden', async ({ page }) => {
  fs.mkdirSync(shots, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 720 });
  await openVirtualModem(page);

  await page.getByTestId('wizard-kind-aliyun').check();
  const wizard = page.getByTestId('aliyun-wizard');
  await expect(wizard).toBeVisible();
  // The virtual EC20's broker listens without TLS: plain TCP 1883.
  await page.getByTestId('aliyun-transport').selectOption('tcp-1883');
  await page.getByTestId('aliyun-paste').fill(CERT);
  await page.getByTestId('aliyun-read').click();
  await expect(page.getByTestId('aliyun-host')).toHaveText('a1X2bEnP82z.iot-as-mqtt.cn-shanghai.aliyuncs.com');
  // The paste is gone from the page once the main side holds it; the secret field stays empty.
  await expect(page.getByTestId('aliyun-paste')).toHaveValue('');
  await expect(page.getByTestId('aliyun-ds')).toHaveValue('');
  await expect(page.getByTestId('aliyun-username')).toHaveText('meter-0042&a1X2bEnP82z');
  await expect(page.getByTestId('aliyun-clientid')).toHaveText('a1X2bEnP82z.meter-0042|securemode=3,signmethod=hmacsha256,timestamp=2524608000000|');
  await expect(page.getByTestId('aliyun-content')).toHaveText('clientIda1X2bEnP82z.meter-0042deviceNamemeter-0042productKeya1X2bEnP82ztimestamp2524608000000');
  await expect(page.getByTestId('aliyun-aliauth-command')).toHaveText('AT+QMTCFG="aliauth",<idx>,"a1X2bEnP82z","meter-0042","••••••"');
  // Plain TCP is allowed but warned about; nothing blocks.
  await expect(page.getByTestId('aliyun-finding')).toHaveAttribute('data-severity', 'warning');
  await expect(page.getByTestId('aliyun-run')).toBeEnabled();
  await page.screenshot({ path: `${shots}/wizard-aliyun-prepared.png` });
  await wizard.screenshot({ path: `${shots}/wizard-aliyun-panel.png` });

  // A classic mistake is named with its fix before anything is sent.
  await page.getByTestId('aliyun-keepalive').fill('20');
  await page.getByTestId('aliyun-keepalive').blur();
  await expect(page.locator('[data-testid="aliyun-finding"][data-severity="error"]')).toContainText("outside Aliyun's 30–1200 s");
  await expect(page.getByTestId('aliyun-run')).toBeDisabled();
  await page.getByTestId('aliyun-keepalive').fill('300');
  await page.getByTestId('aliyun-keepalive').blur();
  await expect(page.getByTestId('aliyun-run')).toBeEnabled();

  // The password only on request, and gone again on Hide.
  await page.getByTestId('aliyun-reveal-password').click();
  const password = (await page.getByTestId('aliyun-password').textContent()) ?? '';
  expect(password).toMatch(/^[0-9a-f]{64}$/);
  await page.getByRole('button', { name: 'Hide' }).click();
  await expect(page.getByTestId('aliyun-password')).toHaveCount(0);

  await page.getByTestId('aliyun-run').click();
  await expect(page.getByTestId('wizard-verdict')).toHaveAttribute('data-verdict', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('step-connect')).toHaveAttribute('data-status', 'passed');
  await page.screenshot({ path: `${shots}/wizard-aliyun-connected.png` });

  // The thing-model preset: subscribe to the reply, fill a well-formed post, publish, read the reply.
  await page.getByTestId('tab-topics').click();
  await page.getByTestId('preset-property.post').click();
  await expect(page.getByTestId('subscription').filter({ hasText: '/sys/a1X2bEnP82z/meter-0042/thing/event/property/post_reply' })).toBeVisible();
  await expect(page.getByTestId('pub-topic')).toHaveValue('/sys/a1X2bEnP82z/meter-0042/thing/event/property/post');
  const payload = JSON.parse(await page.getByTestId('pub-payload').inputValue()) as Record<string, unknown>;
  expect(payload).toMatchObject({ version: '1.0', method: 'thing.event.property.post', params: { temperature: 21.5 } });
  await page.getByTestId('pub-button').click();
  const reply = page.getByTestId('alink-reply').first();
  await expect(reply).toHaveAttribute('data-code', '200', { timeout: 20_000 });
  await expect(reply).toHaveAttribute('data-id', String(payload.id));
  await expect(reply).toContainText('code 200 (accepted) · "success"');
  await page.screenshot({ path: `${shots}/topics-aliyun-reply.png` });

  // A malformed post gets the platform's error code.
  await page.getByTestId('pub-encoding').selectOption('text');
  await page.getByTestId('pub-payload').fill('{"id":"99","params":{"t":1}}');
  await page.getByTestId('pub-button').click();
  await expect(page.locator('[data-testid="alink-reply"][data-id="99"]')).toHaveAttribute('data-code', '6300', { timeout: 20_000 });

  // Nowhere in clear: the page, the log, the exports, the journal.
  expect(await page.content()).not.toContain(SECRET);
  expect(await page.content()).not.toContain(password);
  await page.getByTestId('tab-log').click().catch(() => undefined);
  const logText = (await page.getByTestId('log').textContent()) ?? '';
  expect(logText).toContain('AT+QMTCFG="aliauth",0,"a1X2bEnP82z","meter-0042","••••••"');
  expect(logText).not.toContain(SECRET);
  for (const format of ['html', 'json', 'text'] as const) {
    const text = await exportShown(page, format);
    expect(text, `${format} export`).toContain('a1X2bEnP82z');
    expect(text.includes(SECRET), `${format} export holds the DeviceSecret`).toBe(false);
  }
  const journalPath = ((await page.getByText(/^Journal: /).textContent()) ?? '').replace(/^Journal: /, '').trim();
  const journal = fs.readFileSync(journalPath, 'utf8');
  expect(journal).toContain('aliauth');
  expect(journal.includes(SECRET), 'the journal holds the DeviceSecret in clear').toBe(false);
  await page.screenshot({ path: `${shots}/log-aliyun.png` });
});

test('Aliyun path: a wrong secret is refused with the Aliyun causes; the console\'s MQTT parameters log in host-side; a saved profile comes back after a reload', async ({ page }) => {
  fs.mkdirSync(shots, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 720 });
  await openVirtualModem(page);
  await page.getByTestId('wizard-kind-aliyun').check();
  await page.getByTestId('aliyun-transport').selectOption('tcp-1883');

  // Typed fields with a wrong secret: CONNACK 4, explained in Aliyun terms in the failed step.
  await page.getByTestId('aliyun-pk').fill('a1X2bEnP82z');
  await page.getByTestId('aliyun-dn').fill('meter-0042');
  await page.getByTestId('aliyun-ds').fill(SECRET.slice(0, -1) + 'X');
  await page.getByTestId('aliyun-use-fields').click();
  await expect(page.getByTestId('aliyun-ds')).toHaveValue('');
  await page.getByTestId('aliyun-auth-host').check();
  await expect(page.getByTestId('aliyun-auth-host')).toBeChecked();
  await page.getByTestId('aliyun-run').click();
  await expect(page.getByTestId('wizard-verdict')).toHaveAttribute('data-verdict', 'failed', { timeout: 60_000 });
  const problem = page.getByTestId('wizard-step-problem');
  await expect(problem).toHaveAttribute('data-code', 'connack.4');
  await expect(problem).toContainText('wrong DeviceSecret or signature');
  await expect(problem).toContainText('wrong region or instance endpoint');
  await page.getByTestId('step-connect').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${shots}/wizard-aliyun-refused.png` });

  // The MQTT connection parameters the console copies: no DeviceSecret, so aliauth is named as impossible and the host signs.
  const creds = signMqtt({ productKey: 'a1X2bEnP82z', deviceName: 'meter-0042', deviceSecret: new Secret(SECRET) }, { method: 'hmacsha256', secureMode: 3, timestamp: '1700000000000' });
  const params = JSON.stringify({ clientId: creds.clientId, username: creds.username, mqttHostUrl: 'a1X2bEnP82z.iot-as-mqtt.cn-shanghai.aliyuncs.com', passwd: creds.password.reveal(), port: 1883 });
  await page.getByTestId('aliyun-paste').fill(params);
  await page.getByTestId('aliyun-read').click();
  await expect(page.getByTestId('aliyun-note')).toContainText('carry no DeviceSecret');
  await expect(page.getByTestId('aliyun-auth-host')).toBeChecked();
  await expect(page.getByTestId('aliyun-auth-aliauth')).toBeDisabled();
  await expect(page.getByTestId('aliyun-clientid')).toHaveText(creds.clientId);
  await page.getByTestId('aliyun-run').click();
  await expect(page.getByTestId('wizard-verdict')).toHaveAttribute('data-verdict', 'ready', { timeout: 60_000 });
  expect(await page.content()).not.toContain(creds.password.reveal());

  // The device certificate, saved as a profile: after a reload it is loaded without the secret reaching the page.
  await page.getByTestId('aliyun-paste').fill(CERT);
  await page.getByTestId('aliyun-read').click();
  await expect(page.getByTestId('aliyun-aliauth-command')).toBeVisible();
  await page.getByTestId('aliyun-profile-name').fill('e2e meter 42');
  await page.getByTestId('aliyun-save').click();
  await expect(page.getByTestId('aliyun-note')).toContainText('Saved "e2e meter 42"');
  // A toast confirms it and names the file the profile went to (its secret sealed in it).
  await expect(page.getByTestId('toast').filter({ hasText: 'Profile "e2e meter 42" saved' }).getByTestId('toast-detail')).toContainText('aliyun-profiles.json');
  await page.reload();
  await page.getByRole('heading', { name: 'Modem MQTT Workbench' }).waitFor();
  await page.getByTestId('wizard-kind-aliyun').check();
  await page.getByTestId('aliyun-profiles').selectOption('e2e meter 42');
  await expect(page.getByTestId('aliyun-host')).toHaveText('a1X2bEnP82z.iot-as-mqtt.cn-shanghai.aliyuncs.com');
  await expect(page.getByTestId('aliyun-pk')).toHaveValue('a1X2bEnP82z');
  await expect(page.getByTestId('aliyun-run')).toBeEnabled();
  await page.getByTestId('aliyun-run').click();
  await expect(page.getByTestId('wizard-verdict')).toHaveAttribute('data-verdict', 'ready', { timeout: 60_000 });
  expect(await page.content()).not.toContain(SECRET);
  await page.screenshot({ path: `${shots}/wizard-aliyun-profile.png` });
});
