export * from './envelope.ts';
export * from './eventTypes.ts';
export * from './dto.ts';
export * from './actions.ts';
export * from './errors.ts';
export * from './terminalFrame.ts';
export * from './streamMessages.ts';
export * from './healthStatus.ts';
