// A plain SMTP client for tests: to a listener on this machine, no TLS (Redress offers STARTTLS only with a
// certificate configured), one connection a message unless `options` asks for a pool.
import nodemailer, { type Transporter } from 'nodemailer';

export function smtpClient(
  port: number,
  options: { pool?: boolean; maxConnections?: number } = {},
): Transporter {
  return nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, ...options });
}
