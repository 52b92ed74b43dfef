import { createRouter } from "../../app-env";

export const dataRouter = createRouter();
