import type { AddressInfo, Socket } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  messageId: string | undefined;
  /** The outbox row the message came from (its X-Outbox-Id header). */
  outboxId: string | undefined;
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
 * A real SMTP server on loopback (smtp-server) that parses what it receives (mailparser): the recipient
 * side of the outbox in tests. As with a real mail server, a message counts as received only once the
 * server has answered 250 to its DATA on a connection still open: a client killed before that answer never
 * handed it over (counted in `abandoned`). `acceptDelayMs` holds each message before answering, so a test
 * can kill a worker while a delivery is in flight. It can go down and come back on the same port.
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  /** Messages whose DATA arrived but whose client went away before the 250: never delivered. */
  abandoned = 0;
  acceptDelayMs = 0;
  private server: SMTPServer | undefined;
  private waiters: { count: number; resolve: () => void }[] = [];
  /** Client ports of the connections still open. */
  private readonly openPorts = new Set<number>();
  /** Client ports of connections whose message is being received and not yet answered. */
  private readonly receiving = new Set<number>();
  private readonly dataListeners: (() => void)[] = [];

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

  /** Message-IDs received more than once. */
  duplicates(): string[] {
    return [...this.countsByMessageId()].filter(([, n]) => n > 1).map(([id]) => id);
  }

  /** Resolves once at least `count` messages have arrived. */
  waitFor(count: number, timeoutMs = 10_000): Promise<void> {
    if (this.received.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${this.received.length} of ${count} messages arrived`)), timeoutMs);
      this.waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  /** Resolves the next time a message's DATA starts arriving (the sender is mid-delivery). */
  nextData(): Promise<void> {
    return new Promise((resolve) => this.dataListeners.push(resolve));
  }

  /** The outage: the port stops accepting connections (open connections are closed). */
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
      closeTimeout: 500,
      onRcptTo: (address, _session, callback) => {
        if (!this.options.rejectRecipient?.(address.address)) return callback();
        const error = new Error(`<${address.address}>: Recipient address rejected: User unknown`) as Error & { responseCode: number };
        error.responseCode = 550;
        return callback(error);
      },
      onData: (stream, session, callback) => {
        this.receiving.add(session.remotePort);
        for (const listener of this.dataListeners.splice(0)) listener();
        simpleParser(stream)
          .then(async (mail) => {
            if (this.acceptDelayMs > 0) await new Promise((r) => setTimeout(r, this.acceptDelayMs));
            if (!this.receiving.delete(session.remotePort) || !this.openPorts.has(session.remotePort)) return callback(new Error('client went away'));
            this.received.push({
              messageId: mail.messageId,
              outboxId: mail.headers.get('x-outbox-id') as string | undefined,
              to: session.envelope.rcptTo.map((r) => r.address).join(','),
              subject: mail.subject,
              html: mail.html,
              text: mail.text,
              headers: mail.headers,
            });
            this.waiters = this.waiters.filter((w) => (this.received.length >= w.count ? (w.resolve(), false) : true));
            return callback();
          })
          .catch((error: Error) => {
            this.receiving.delete(session.remotePort);
            callback(error);
          });
      },
    });
    // A client killed mid-conversation resets its connection: part of the tests, not a failure of the sink.
    server.on('error', () => undefined);
    server.server.on('connection', (socket: Socket) => {
      const port = socket.remotePort as number;
      this.openPorts.add(port);
      socket.once('close', () => {
        this.openPorts.delete(port);
        // The client went away before the server's answer: the message was never handed over.
        if (this.receiving.delete(port)) this.abandoned += 1;
      });
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
