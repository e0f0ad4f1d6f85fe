import { AsyncLocalStorage } from 'node:async_hooks';

/** Fields every log line written inside the context carries (transactionId, iccid, functionCallIdentifier...). */
export type LogFields = Readonly<Record<string, string | number | undefined>>;

const storage = new AsyncLocalStorage<LogFields>();

export const LogContext = {
  /** Runs `work` with `fields` added to the current context; nested contexts keep the outer fields. */
  run<T>(fields: LogFields, work: () => T): T {
    return storage.run({ ...storage.getStore(), ...fields }, work);
  },
  current(): LogFields {
    return storage.getStore() ?? {};
  },
};
