// Writes docs/kafka-acls.md: npm run docs:kafka-acls
import { writeFileSync } from 'node:fs';
import { kafkaAclsFile, kafkaAclsPath } from './kafka-acls.file';

writeFileSync(kafkaAclsPath, kafkaAclsFile());
console.log(`wrote ${kafkaAclsPath}`);
