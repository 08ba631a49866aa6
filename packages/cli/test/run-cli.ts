import { runCli, type Output } from '../src/index.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `apilife …` in-process with captured output (no colours). */
export async function runApilife(args: string[], cwd: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const output: Output = {
    color: false,
    info: (line) => void (stderr += line + '\n'),
    result: (text) => void (stdout += text.endsWith('\n') || text === '' ? text : text + '\n'),
    error: (line) => void (stderr += ` ✘ ${line}\n`),
  };
  const code = await runCli(args, cwd, output);
  return { code, stdout, stderr };
}
