import { runCli } from './cli.ts';

// A reader that stops early (`apilife diff … | head`) closes the pipe: that ends the run, it is not a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await runCli(process.argv.slice(2), process.cwd());
