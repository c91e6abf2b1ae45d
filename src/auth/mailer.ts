// Outgoing mail (invitations). With SMTP_URL set, through nodemailer; otherwise the message is
// logged, so a development set-up still shows the link.
import nodemailer from 'nodemailer';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** How the message left: `email` (SMTP accepted it) or `log`. */
  send(mail: Mail): Promise<'email' | 'log'>;
}

export function createMailer({ smtpUrl, from, log = console.info }: { smtpUrl?: string; from: string; log?: (line: string) => void }): Mailer {
  if (!smtpUrl) {
    return {
      async send(mail) {
        log(`[mail] (no SMTP_URL: logged, not sent) to ${mail.to}: ${mail.subject}\n${mail.text}`);
        return 'log';
      },
    };
  }
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(mail) {
      await transport.sendMail({ from, ...mail });
      return 'email';
    },
  };
}
