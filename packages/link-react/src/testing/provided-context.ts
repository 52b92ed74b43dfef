import "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    /** Set by each vitest project of this package: the React major its aliases load (18 or 19). */
    reactMajor: "18" | "19";
  }
}
