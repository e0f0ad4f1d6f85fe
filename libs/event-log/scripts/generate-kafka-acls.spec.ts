import { readFileSync } from 'node:fs';
import { APP_NAMES } from '@mp/config';
import { ConsumerGroups, Topics } from '../src/topics';
import { KAFKA_ACCESS, kafkaAcls } from '../src/kafka-access';
import { kafkaAclsFile, kafkaAclsPath } from './kafka-acls.file';

describe('docs/kafka-acls.md', () => {
  it('is what the generator produces from the code’s own names (regenerate it if this fails)', () => {
    expect(readFileSync(kafkaAclsPath, 'utf8')).toBe(kafkaAclsFile());
  });

  it('gives every topic a writer and every consumer group an app', () => {
    const written = new Set(Object.values(KAFKA_ACCESS).flatMap((access) => access.writes));
    const joined = new Set(
      Object.values(KAFKA_ACCESS).flatMap((access) => access.groups.map(({ group }) => group)),
    );
    // The external inputs are also written by the operator's own systems (contracts.md).
    expect(
      Object.keys(Topics).filter((topic) => !written.has(topic as keyof typeof Topics)),
    ).toEqual([]);
    expect(
      Object.keys(ConsumerGroups).filter(
        (group) => !joined.has(group as keyof typeof ConsumerGroups),
      ),
    ).toEqual([]);
  });

  it('puts every name under the namespace when there is one', () => {
    for (const app of APP_NAMES) {
      for (const rule of kafkaAcls(app, 'staging'))
        expect(rule.name.startsWith('staging.')).toBe(true);
    }
    expect(kafkaAcls('orchestrator', 'staging')).toContainEqual({
      resource: 'transactionalId',
      pattern: 'prefixed',
      name: 'staging.mobileplans-orchestrator-p',
      operations: ['Write', 'Describe'],
    });
  });

  it('lets the provisioning system read the requests and write the results, and nothing else (ADR 0021)', () => {
    expect(kafkaAcls('provisioning-system')).toEqual([
      {
        resource: 'topic',
        pattern: 'literal',
        name: 'mobileplans.provisioning-requests.v1',
        operations: ['Read'],
      },
      {
        resource: 'topic',
        pattern: 'literal',
        name: 'mobileplans.provisioning-results.v1',
        operations: ['Write'],
      },
      {
        resource: 'group',
        pattern: 'prefixed',
        name: 'mobileplans.provisioning-system',
        operations: ['Read'],
      },
    ]);
  });
});
