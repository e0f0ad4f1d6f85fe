import type { Painter } from '../cli/cli.formatters';
import type { CosaRangesExport } from './cosa-ranges.export';
import type { WalledGardenHost } from './walled-garden.export';

export function formatCosaRanges(ranges: CosaRangesExport, paint: Painter): string {
  const lines = [
    paint(
      'bold',
      'COSA ICCID ranges (COSA database: "ICCID Range - Start", "ICCID Range - End"), each with the Mobile Plans program ranges inside it',
    ),
  ];
  for (const cosa of ranges.cosa) {
    lines.push(
      `${paint('cyan', 'COSA')}            ${cosa.start}-${cosa.end}  (${cosa.digits} digits)`,
    );
    for (const range of cosa.program)
      lines.push(`  ${'program'.padEnd(14)} ${range.start}-${range.end}`);
    for (const range of cosa.notInProgram)
      lines.push(
        `  ${paint('dim', 'not in program')} ${range.start}-${range.end}  ${paint('dim', '(GetBalance: NOTSUPPORTED)')}`,
      );
  }
  lines.push('', paint('bold', 'Service configuration, ICCID ranges for Mobile Plans:'));
  lines.push(ranges.serviceConfiguration);
  return lines.join('\n');
}

export function formatWalledGarden(hosts: readonly WalledGardenHost[], paint: Painter): string {
  const width = Math.max(...hosts.map((row) => row.host.length), 4) + 2;
  const lines = [
    paint(
      'bold',
      'Walled-garden hosts: reachable without a balance (host names, never IP addresses)',
    ),
    paint('dim', `${'host'.padEnd(width)}${'protocols'.padEnd(12)}${'purpose'.padEnd(38)}source`),
  ];
  for (const row of hosts)
    lines.push(
      `${row.host.padEnd(width)}${row.protocols.join('+').padEnd(12)}${row.purpose.padEnd(38)}${paint('dim', row.source)}`,
    );
  return lines.join('\n');
}
