export * from "./auth";
export * from "./common";
export * from "./connections";
export * from "./data";
export * from "./link";
export * from "./link-events";
export * from "./sandbox";
export * from "./webhooks";
