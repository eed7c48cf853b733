import { Injectable } from '@nestjs/common';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

/**
 * Where a command's password comes from: piped on standard input (the first line), or typed
 * at a prompt that does not echo it. It never comes from the command line, where it would sit
 * in the shell's history and in the process list.
 */
@Injectable()
export class PasswordInput {
  async read(prompt: string): Promise<string> {
    if (!process.stdin.isTTY) return firstLine(await readAll(process.stdin));
    const first = await ask(prompt);
    const again = await ask('Once more: ');
    if (first !== again) throw new CliError('The two passwords differ');
    return first;
  }
}

/** A refusal the operator can act on: its message is printed as is, the exit code is 1. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', reject);
  });
}

function firstLine(text: string): string {
  return text.split(/\r?\n/)[0];
}

/** Asks on the terminal without echoing what is typed. */
function ask(prompt: string): Promise<string> {
  process.stderr.write(prompt);
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
  const terminal = createInterface({ input: process.stdin, output: muted, terminal: true });
  return new Promise((resolve) => {
    terminal.question('', (answer) => {
      terminal.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}
