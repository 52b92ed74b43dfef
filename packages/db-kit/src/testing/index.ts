export { pgliteTemplate, type TemplateOptions } from "./pglite-template";
export { createTemporaryDatabase, type TemporaryDatabase } from "./temporary-database";
