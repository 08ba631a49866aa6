import { stat, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { convertFile, placeText } from '@apilife/contract';
import { EXIT, UsageError, type CommandSpec } from '../command.ts';

/** `apilife convert`: an AsyncAPI 2.x contract written as AsyncAPI 3.0, for a team that moves. */
export const convertCommand: CommandSpec = {
  usage: 'apilife convert <file> [--out <file>] [--format text|json]',
  help: `Every apilife command reads AsyncAPI 2.0–2.6 contracts as they are, converting them to 3.0 in
memory (with @asyncapi/converter, as \`asyncapi convert\` does: the application's point of view, so a
2.x publish becomes a receive operation; channel ids from x-channelId, else the address). This
command writes that conversion for a team that wants to move to 3.0: the document in the format of
the input (YAML stays YAML, JSON stays JSON; comments are not kept), to standard output, or to the
file --out names. The input is never overwritten unless --out names it. $refs to other files are
kept as written (relative to the input's folder). What the conversion cannot carry over (a channel
parameter's schema keywords other than enum, default and examples) is reported as a warning with
its place in the input.

An AsyncAPI 3 file is left as it is (exit 0, nothing written).

Options:
  -o, --out <file>      write the AsyncAPI 3.0 document there (an existing file is replaced)
  -f, --format <name>   text (default) or json: { file, from, to, converted, out, warnings, document }
                        (document only without --out)
  -h, --help            this help

Exit codes: 0 converted (or already AsyncAPI 3), 2 usage or input errors (a missing or invalid file,
an OpenAPI, Swagger or AsyncAPI 1 document: nothing written).

Examples:
  apilife convert contracts/events/asyncapi.yaml > asyncapi-3.yaml
  apilife convert contracts/events/asyncapi.yaml --out contracts/events/asyncapi.yaml
  apilife convert events.json --out events-3.json --format json`,
  options: {
    out: { type: 'string', short: 'o' },
    format: { type: 'string', short: 'f' },
  },
  async run({ values, positionals, output, cwd }) {
    const format = (values.format as string | undefined) ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format "${format}": use text or json`);
    if (positionals.length !== 1) throw new UsageError(`name one contract to convert (got ${positionals.length})`);
    const input = positionals[0]!;
    const outFlag = values.out as string | undefined;
    if (outFlag === '') throw new UsageError('--out needs a file name');
    const out = outFlag === undefined ? undefined : resolve(cwd, outFlag);
    if (out && (await stat(out).catch(() => undefined))?.isDirectory())
      throw new UsageError(`--out names a folder (${outFlag}): name a file`);
    const result = await convertFile(resolve(cwd, input), { name: input });
    const shown = (file: string) => relative(cwd, file) || file;
    if (!result.converted) {
      const message = `${input} is already AsyncAPI ${result.from}: nothing to convert`;
      if (format === 'json')
        output.result(
          JSON.stringify({ file: input, from: result.from, to: result.from, converted: false, out: null, warnings: [] }, null, 2),
        );
      else output.info(message);
      return EXIT.ok;
    }
    const warnings = result.findings.map((d) => ({
      file: input,
      line: d.range.start.line + 1,
      character: d.range.start.character + 1,
      code: d.code,
      message: d.message,
    }));
    if (result.externalRefs && out && dirname(out) !== dirname(resolve(cwd, input))) {
      warnings.push({
        file: input,
        line: 1,
        character: 1,
        code: 'asyncapi-conversion-refs',
        message: `its $refs to other files are relative to ${shown(dirname(resolve(cwd, input)))}/; written to ${shown(dirname(out))}/ they point elsewhere`,
      });
    }
    if (out) await writeFile(out, result.text);
    if (format === 'json') {
      const report = { file: input, from: result.from, to: result.to, converted: true, out: out ? shown(out) : null, warnings };
      output.result(JSON.stringify(out ? report : { ...report, document: result.document }, null, 2));
      return EXIT.ok;
    }
    if (!out) output.result(result.text);
    for (const w of warnings) output.info(` ⚠ ${placeText(w.file, { line: w.line - 1, character: w.character - 1 })}: ${w.message}`);
    const summary = `✓ ${input} (AsyncAPI ${result.from}) → ${out ? shown(out) : 'standard output'} (AsyncAPI ${result.to})${
      warnings.length > 0 ? ` · ${warnings.length} warning${warnings.length === 1 ? '' : 's'}` : ''
    }`;
    if (out) output.result(summary);
    else output.info(summary);
    return EXIT.ok;
  },
};
