/**
 * The example JSON of every endpoint Vumi documents, copied verbatim from the reference
 * (`vumi-api-reference.md`, reconstructed from docs.vumi.io). The contract tests check our schemas
 * accept each one and our responses have exactly its fields plus our documented extensions.
 */

const status = {
  credentialsToken: "AAAAA11111",
  status: "PENDING",
  errorDetails: { reason: "INTERNAL_SERVER_ERROR", type: "VUMI_ERROR", retryable: true },
  entity: "santander",
  createdAt: "2025-07-04T00:09:15.532Z",
  updatedAt: "2025-07-04T00:09:15.532Z",
  lastSync: "2025-07-04T00:09:15.532Z",
  updateToken: "123e4567-e89b-12d3-a456-426614174000",
  restoreToken: "123e4567-e89b-12d3-a456-426614174000",
  twoFactorEnabled: true,
  hasCredentials: true,
  externalId: "customer-123",
};

export const VUMI_EXAMPLES = {
  /** §2.2 POST /api/v1/auth/login */
  login: { token: "text" },
  /** §4.2 POST /api/v1/commands/connections/exchange/{publicToken} */
  exchange: { connectionToken: "AAAAA11111" },
  /** §4.4 GET /api/v1/queries/connections/{token} */
  status,
  /** §4.5 GET /api/v1/queries/connections */
  list: [
    {
      ...status,
      createdAt: "2025-06-27T08:46:55.918Z",
      updatedAt: "2025-06-27T08:46:55.918Z",
      lastSync: "2025-06-27T08:46:55.918Z",
    },
  ],
  /** §4.6 GET /api/v1/queries/connections/pending */
  pending: [
    {
      publicToken: "567578d1-4411-4a2f-9b67-00c06536565a",
      externalId: "customer-123",
      createdAt: "2025-06-27T08:46:55.855Z",
    },
  ],
  /** §4.7 DELETE /api/v1/commands/connections/{token} */
  delete: { message: "success" },
  /** §6.1 GET /api/v1/queries/connections/{token}/investments */
  investments: [
    {
      id: "123e4567-e89b-12d3-a456-426614174000",
      name: "Banco Santander",
      isin: "ES0113900J37",
      currency: "EUR",
      exchange: "BMEX",
      assetType: "STOCK",
      unknown: true,
      relatedSecurity: "123e4567-e89b-12d3-a456-426614174000",
      spanishTaxExempt: true,
      managementCompany: { name: "Vumi Portfolio SL", cif: "A00000000" },
    },
  ],
  /** §7.1 GET /api/v1/queries/connections/{token}/accounts */
  accounts: [
    {
      id: "123e4567-e89b-12d3-a456-426614174000",
      portfolio: "123e4567-e89b-12d3-a456-426614174000",
      iban: "ES0000000000000000000000",
      type: "CASH_ACCOUNT",
      alias: "text",
      balance: 1,
      currency: "EUR",
      updatedAt: "2025-06-26T11:33:56.478Z",
      createdAt: "2025-06-26T11:33:56.478Z",
      owners: ["CARLOS MATA GARCIA", "OSCAR MENDEZ VALLADARES", "MARTIN RICO MARTINEZ"],
    },
  ],
  /** §7.3 GET /api/v1/queries/connections/{token}/portfolios */
  portfolios: [
    {
      id: "123e4567-e89b-12d3-a456-426614174000",
      type: "STOCK_PORTFOLIO",
      owners: ["CARLOS MATA GARCIA", "OSCAR MENDEZ VALLADARES", "MARTIN RICO MARTINEZ"],
      balance: 1,
      currency: "EUR",
      createdAt: "2025-07-05T21:12:23.892Z",
      updatedAt: "2025-07-05T21:12:23.892Z",
    },
  ],
  /** §7.5 GET /api/v1/queries/connections/{token}/portfolios/active-positions */
  activePositions: [
    {
      portfolio: "123e4567-e89b-12d3-a456-426614174000",
      investment: "123e4567-e89b-12d3-a456-426614174000",
      name: "Banco Santander",
      isin: "ES0113900J37",
      currency: "EUR",
      localCurrency: "EUR",
      exchange: "BMEX",
      assetType: "STOCK",
      titles: 1,
      amount: 1,
      localAmount: 1,
      price: 1,
      localPrice: 1,
      exchangeRate: 1.1809,
      weight: 0.45,
    },
  ],
  /** §9.3 GET /api/v1/webhook_verification/{keyId} (GitBook renders each string as the placeholder "text") */
  verificationKey: { x: "text", y: "text", alg: "text", crv: "text", kty: "text" },
} as const;
