import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  messageId: string | undefined;
  to: string;
  subject: string | undefined;
  html: string | false | undefined;
  text: string | undefined;
  headers: ParsedMail['headers'];
}

export interface SmtpSinkOptions {
  /** Recipients refused with a permanent 550 that names the address, as real servers do. */
  rejectRecipient?: (address: string) => boolean;
}

/**
 * A real SMTP server on loopback (smtp-server) that parses what it receives (mailparser): the
 * recipient side of the outbox in tests. It can go down and come back on the same port.
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  private server: SMTPServer | undefined;
  private waiters: { count: number; resolve: () => void }[] = [];

  private constructor(
    private portNumber: number,
    private readonly options: SmtpSinkOptions,
  ) {}

  static async start(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
    const sink = new SmtpSink(0, options);
    await sink.listen();
    return sink;
  }

  get port(): number {
    return this.portNumber;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.portNumber}`;
  }

  get up(): boolean {
    return this.server !== undefined;
  }

  /** How many times each Message-ID was received. */
  countsByMessageId(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const mail of this.received) counts.set(String(mail.messageId), (counts.get(String(mail.messageId)) ?? 0) + 1);
    return counts;
  }

  /** Resolves once at least `count` messages have arrived. */
  waitFor(count: number, timeoutMs = 10_000): Promise<void> {
    if (this.received.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${this.received.length} of ${count} messages arrived`)), timeoutMs);
      this.waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  /** The outage: the port stops accepting connections. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Recovery, on the same port. */
  async restart(): Promise<void> {
    if (!this.server) await this.listen();
  }

  private async listen(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      closeTimeout: 1_000,
      onRcptTo: (address, _session, callback) => {
        if (!this.options.rejectRecipient?.(address.address)) return callback();
        const error = new Error(`<${address.address}>: Recipient address rejected: User unknown`) as Error & { responseCode: number };
        error.responseCode = 550;
        return callback(error);
      },
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            this.received.push({
              messageId: mail.messageId,
              to: session.envelope.rcptTo.map((r) => r.address).join(','),
              subject: mail.subject,
              html: mail.html,
              text: mail.text,
              headers: mail.headers,
            });
            this.waiters = this.waiters.filter((w) => (this.received.length >= w.count ? (w.resolve(), false) : true));
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(this.portNumber, '127.0.0.1', () => {
        server.server.off('error', reject);
        resolve();
      });
    });
    this.portNumber = (server.server.address() as AddressInfo).port;
    this.server = server;
  }
}
