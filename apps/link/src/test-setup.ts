import { cleanup } from "@testing-library/preact";
import { afterEach } from "vitest";

// vitest runs without globals, so @testing-library cannot register its own cleanup.
afterEach(cleanup);
