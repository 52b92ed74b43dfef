import { createRouter } from "../../app-env";

export const linkApiRouter = createRouter();
