// A real OAuth2 authorization server for the example target: node-oidc-provider (npm
// `oidc-provider`, pinned in tools/package.json) with the client-credentials grant and JWT access
// tokens for one resource, the library API. Started by the local stack (support/stack/library.py);
// everything it needs comes from a JSON file whose path is the only argument:
//   {"port": 1234, "issuer": "http://127.0.0.1:1234", "audience": "...", "jwk": {...private RSA JWK...},
//    "clients": [{"client_id": "library_writer", "client_secret": "..."}], "oidc_provider_module": "/.../lib/index.js"}
// The client id is also the PostgreSQL role PostGraphile switches to (--jwt-role client_id).
// Optionally also an OpenID Connect provider for browser sign-in (the dashboard's SSO tests,
// tests/framework/test_dashboard_sso.py): authorization-code clients and the accounts they sign in:
//    "code_clients": [{"client_id": "jump-dashboard", "client_secret": "...", "redirect_uris": ["http://..."],
//                      "post_logout_redirect_uris": ["http://.../login"]}],
//    "accounts": {"alice@corp.test": {"email": "alice@corp.test", "groups": ["qa-leads"]}}
// Sign-in then goes through the provider's own login and consent pages (its devInteractions: any
// login name is accepted, the password is not checked); a name missing from "accounts" signs in
// with no groups. Signing out (RP-initiated logout, its end_session_endpoint) asks on the provider's own
// page and then sends the browser to one of the client's post_logout_redirect_uris.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
// the package lives in tools/node_modules, which ESM resolution would not search from here
const { default: Provider } = await import(pathToFileURL(config.oidc_provider_module).href);

const codeClients = config.code_clients || [];
const accounts = config.accounts || {};

const provider = new Provider(config.issuer, {
  clients: config.clients.map((client) => ({
    client_id: client.client_id,
    client_secret: client.client_secret,
    grant_types: ['client_credentials'],
    redirect_uris: [],
    response_types: [],
    token_endpoint_auth_method: 'client_secret_basic',
  })).concat(codeClients.map((client) => ({
    client_id: client.client_id,
    client_secret: client.client_secret,
    grant_types: ['authorization_code'],
    redirect_uris: client.redirect_uris,
    post_logout_redirect_uris: client.post_logout_redirect_uris || [],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }))),
  jwks: { keys: [config.jwk] },
  claims: {
    openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'preferred_username'], groups: ['groups'],
  },
  async findAccount(ctx, sub) {
    const known = accounts[sub] || {};
    return {
      accountId: sub,
      async claims() {
        return { sub, email: sub, email_verified: true, preferred_username: sub, groups: [], ...known };
      },
    };
  },
  cookies: { keys: [config.cookie_key || 'jump-local-oidc-provider'] },
  features: {
    devInteractions: { enabled: codeClients.length > 0 },
    clientCredentials: { enabled: true },
    introspection: { enabled: false },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => config.audience,
      useGrantedResource: () => true,
      getResourceServerInfo: (ctx, resourceIndicator) => {
        if (resourceIndicator !== config.audience) {
          throw new Error(`unknown resource ${resourceIndicator}`);
        }
        return {
          scope: 'library',
          audience: config.audience,
          accessTokenTTL: config.access_token_ttl_s || 300,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
  },
});
provider.proxy = false;
provider.on('server_error', (ctx, error) => console.error('server_error:', error));
provider.on('grant.error', (ctx, error) => console.error('grant.error:', error.message, error.error_description || ''));

const server = provider.listen(config.port, '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${config.issuer} (token endpoint ${config.issuer}/token)`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
