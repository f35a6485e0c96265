// E-mail through SMTP with nodemailer. Configured by the operator's environment, never by
// definitions: CRM_SMTP_URL (smtp://user:pass@host:587 or smtps://…), CRM_MAIL_FROM. Without
// CRM_SMTP_URL the channel refuses to send (the run's step fails and is retried). Tests hand in
// nodemailer's JSON transport instead.
import nodemailer, { type Transporter } from 'nodemailer';
import { appError } from '../../errors/catalog.js';
import type { ChannelType } from '../types.js';

export interface EmailOptions {
  /** A nodemailer transport (tests: { jsonTransport: true }); default from CRM_SMTP_URL. */
  transport?: Parameters<typeof nodemailer.createTransport>[0];
  from?: string;
  /** Receives every message a test transport produced. */
  onSent?: (info: { messageId: string; message: unknown }) => void;
}

export function emailChannel(options: EmailOptions = {}, env: NodeJS.ProcessEnv = process.env): ChannelType {
  let transporter: Transporter | null = null;
  const transport = options.transport ?? env.CRM_SMTP_URL;
  const from = options.from ?? env.CRM_MAIL_FROM ?? 'crm@localhost';
  return {
    name: 'email',
    description: 'E-mail via SMTP (CRM_SMTP_URL, CRM_MAIL_FROM). The idempotency key goes out as the Message-ID, so a retried send carries the same id.',
    html: true,
    transactional: false,
    async send({ message, idempotencyKey }) {
      if (!transport) throw appError('VALIDATION_FAILED', 'e-mail is not configured: set CRM_SMTP_URL');
      transporter ??= nodemailer.createTransport(transport);
      const domain = from.includes('@') ? from.split('@').pop()!.replace(/>$/, '') : 'localhost';
      const info = (await transporter.sendMail({
        from, to: message.to, subject: message.subject ?? '', messageId: `<${idempotencyKey.replace(/[^A-Za-z0-9.-]/g, '.')}@${domain}>`,
        headers: { 'X-CRM-Idempotency-Key': idempotencyKey },
        ...(message.html ? { html: message.body } : { text: message.body }),
      })) as { messageId: string; message?: unknown };
      options.onSent?.({ messageId: info.messageId, message: info.message });
      return { id: info.messageId };
    },
  };
}
