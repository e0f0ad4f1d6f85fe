// Real brokers and databases answer in milliseconds, but a cold broker's first consumer group takes seconds.
jest.setTimeout(30_000);
