// Signatures of a delivery. X-Signature: `sha256=` + hex HMAC-SHA256 of the raw body (what the
// documented Node snippet verifies); X-Webhook-Signature-V2: the same over `<timestamp>.<body>`,
// so a receiver that checks X-Webhook-Timestamp can refuse replays. X-SenAsset-Signature repeats
// X-Signature under the name SenAsset's receivers read (seed 000), so they verify unchanged.
import { createHmac, randomBytes } from 'node:crypto';

export const generateWebhookSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

const hmac = (secret: string, text: string) => createHmac('sha256', secret).update(text, 'utf8').digest('hex');

export function signatureHeaders(secret: string, eventId: string, body: string, timestamp: number): Record<string, string> {
  const signature = `sha256=${hmac(secret, body)}`;
  return {
    'Content-Type': 'application/json',
    'User-Agent': 'itam-api-webhooks/1',
    'X-Webhook-Id': eventId,
    'X-Webhook-Timestamp': String(timestamp),
    'X-Signature': signature,
    'X-SenAsset-Signature': signature,
    'X-Webhook-Signature-V2': `sha256=${hmac(secret, `${timestamp}.${body}`)}`,
  };
}
