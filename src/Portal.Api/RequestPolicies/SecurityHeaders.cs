using System.Security.Cryptography;

namespace RagMemory.Api.RequestPolicies;

/// <summary>
/// The headers every answer of both faces carries: a content security policy (scripts only from this site or with
/// the request's nonce, nothing framed from elsewhere), no MIME sniffing, referrers only to this site. The API
/// reference page (Scalar) runs inline scripts of its own and keeps the browser's defaults instead.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "ragmemory.csp-nonce";

    /// <summary>
    /// MudBlazor and Blazor's reconnect dialog set style attributes, so styles may be inline; scripts may not, except the
    /// import map, which carries this request's nonce. 'self' in connect-src covers the circuit's WebSocket.
    /// </summary>
    public static string PortalPolicy(string nonce) =>
        $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var nonce = NonceOf(context);
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            if (!IsApiReference(context.Request.Path))
            {
                // Replaces the frame-ancestors-only policy Blazor sets on interactive pages.
                headers.ContentSecurityPolicy = PortalPolicy(nonce);
            }

            return Task.CompletedTask;
        });
        return next(context);
    });

    /// <summary>This request's nonce, made once per request from 128 random bits (32 hex digits, which a CSP nonce may be).</summary>
    public static string NonceOf(HttpContext context)
    {
        if (context.Items.TryGetValue(NonceKey, out var existing) && existing is string nonce)
        {
            return nonce;
        }

        // Hex, not base64: the page's HTML encoder would write a base64 '+' as an entity, which the policy's copy is not.
        nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceKey] = nonce;
        return nonce;
    }

    private static bool IsApiReference(PathString path) =>
        path.StartsWithSegments("/api-reference", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/scalar", StringComparison.OrdinalIgnoreCase);
}
