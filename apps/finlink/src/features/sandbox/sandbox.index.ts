import { createRouter } from "../../app-env";

export const sandboxRouter = createRouter();
