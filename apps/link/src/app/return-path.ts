/** Link's return page: where the bank sends the user back (Finlink serves Link's page there too). */
export const RETURN_PATH = "/link/return";
