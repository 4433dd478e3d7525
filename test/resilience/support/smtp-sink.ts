import type { AddressInfo, Socket } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface AcceptedMail {
  messageId: string;
  outboxId: string | undefined;
  to: string;
  subject: string;
}

/**
 * A real SMTP server on loopback for the resilience suite. A message counts as received only when
 * the server has answered 250 to its DATA on a connection that was still open, as with a real mail
 * server: a client killed before that answer never handed the message over. `acceptDelayMs` holds
 * each message before answering, so a test can kill a worker while a delivery is in flight. The
 * server can go down and come back on the same port.
 */
export class ResilienceSmtpSink {
  readonly accepted: AcceptedMail[] = [];
  /** Messages whose DATA arrived but whose client went away before the 250: never delivered. */
  abandoned = 0;
  private server: SMTPServer | undefined;
  /** Client ports of the connections still open. */
  private readonly openPorts = new Set<number>();
  /** Client ports of connections whose message is being received and not yet answered. */
  private readonly receiving = new Set<number>();
  private readonly dataListeners: (() => void)[] = [];
  acceptDelayMs = 0;

  private constructor(private portNumber: number) {}

  static async start(): Promise<ResilienceSmtpSink> {
    const sink = new ResilienceSmtpSink(0);
    await sink.listen();
    return sink;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.portNumber}`;
  }

  /** How many times each Message-ID was accepted. */
  countsByMessageId(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const mail of this.accepted) counts.set(mail.messageId, (counts.get(mail.messageId) ?? 0) + 1);
    return counts;
  }

  /** Message-IDs accepted more than once. */
  duplicates(): string[] {
    return [...this.countsByMessageId()].filter(([, n]) => n > 1).map(([id]) => id);
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
      onData: (stream, session, callback) => {
        this.receiving.add(session.remotePort);
        for (const listener of this.dataListeners.splice(0)) listener();
        simpleParser(stream)
          .then(async (mail) => {
            if (this.acceptDelayMs > 0) await new Promise((r) => setTimeout(r, this.acceptDelayMs));
            if (!this.receiving.delete(session.remotePort) || !this.openPorts.has(session.remotePort)) return callback(new Error('client went away'));
            this.accepted.push({
              messageId: String(mail.messageId),
              outboxId: mail.headers.get('x-outbox-id') as string | undefined,
              to: session.envelope.rcptTo.map((r) => r.address).join(','),
              subject: String(mail.subject),
            });
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
