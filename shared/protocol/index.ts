// Protocol knowledge of the Quectel MQTT AT command set, shared by the main process and the
// renderer: line and command parsing, topic matching, registration lines, the code catalogue
// with `explain`, and the MQTT packets each command implies.
export * from './fields';
export * from './topics';
export * from './registration';
export * from './signal';
export * from './radio';
export * from './codes';
export * from './implied';
