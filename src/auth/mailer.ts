// Outgoing mail (invitations). With SMTP_URL set, through nodemailer; otherwise the message is
// logged, so a development set-up still shows the link.
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { logger } from '../request/log.js';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** How the message left: `email` (SMTP accepted it) or `log`. */
  send(mail: Mail): Promise<'email' | 'log'>;
}

export function createMailer({ smtpUrl, from, log = (line) => logger.info(line) }: { smtpUrl?: string; from: string; log?: (line: string) => void }): Mailer {
  if (!smtpUrl) {
    return {
      async send(mail) {
        log(`[mail] (no SMTP_URL: logged, not sent) to ${mail.to}: ${mail.subject}\n${mail.text}`);
        return 'log';
      },
    };
  }
  // Loaded on the first mail: half a megabyte of code a server without invitations never needs.
  // A stalled SMTP server must not hold the inviting request for minutes (nodemailer's defaults).
  let transport: Promise<ReturnType<typeof import('nodemailer').createTransport>> | undefined;
  const connect = () => (transport ??= import('nodemailer').then(({ default: nodemailer }) =>
    nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 } as SMTPTransport.Options)));
  return {
    async send(mail) {
      await (await connect()).sendMail({ from, ...mail });
      return 'email';
    },
  };
}
