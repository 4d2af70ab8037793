export * from "./error-answer";
export * from "./pairing-messages";
export * from "./protocol-version";
export * from "./pull-wait";
export * from "./staff-pin";
export * from "./sync-cursor";
export * from "./sync-messages";
export * from "./sync-scope";
