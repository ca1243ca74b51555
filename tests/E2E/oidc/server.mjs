// A real OpenID Connect provider for the E2E tests: oidc-provider (OpenID Certified) on 127.0.0.1, with its development
// login and consent pages. Any password is accepted; the login name picks the account and so its roles.
// Environment: PORT, REDIRECT_URIS (comma-separated: the portal's /signin-oidc), CLIENT_SECRET.
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const rolesOf = (account) => ({ analyst: ['reader'], editor: ['writer'], chief: ['admin'] })[account] ?? [];

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'ragmemory-portal',
      client_secret: process.env.CLIENT_SECRET,
      redirect_uris: process.env.REDIRECT_URIS.split(','),
      grant_types: ['authorization_code', 'client_credentials'],
      response_types: ['code'],
      scope: 'openid profile roles ragmemory:memory:read',
    },
  ],
  pkce: { required: () => true },
  scopes: ['openid', 'profile', 'roles', 'ragmemory:memory:read'],
  claims: { openid: ['sub'], profile: ['name'], roles: ['roles'] },
  features: {
    devInteractions: { enabled: true },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      // The portal's sign-in asks for no resource, so its access token stays usable at the userinfo endpoint;
      // programs name the API as the resource and get a JWT for it.
      defaultResource: (ctx, client, oneOf) => oneOf,
      getResourceServerInfo: () => ({
        scope: 'ragmemory:memory:read',
        audience: 'urn:ragmemory:api',
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
  async findAccount(ctx, id) {
    return { accountId: id, claims: async () => ({ sub: id, name: id, roles: rolesOf(id) }) };
  },
  async extraTokenClaims(ctx, token) {
    // Access tokens carry the roles too, so the API maps them to permissions as it does for the portal.
    return token.accountId ? { roles: rolesOf(token.accountId), name: token.accountId } : {};
  },
});

provider.listen(port, '127.0.0.1', () => console.log(`oidc-provider listening on ${issuer}`));
