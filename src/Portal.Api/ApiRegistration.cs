using System.Text.Json;
using Microsoft.AspNetCore.HttpOverrides;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using RagMemory.Api.RequestPolicies;
using RagMemory.Api.Health;
using Scalar.AspNetCore;
using Serilog;

namespace RagMemory.Api;

public static class ApiRegistration
{
    /// <summary>Where the MCP server answers (streamable HTTP).</summary>
    public const string McpPath = "/mcp";

    /// <summary>Controllers with the seed's snake_case JSON, problem details for every error, health checks and OpenAPI.</summary>
    public static IHostApplicationBuilder AddRagMemoryApi(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddControllers(options => options.Filters.Add<HandlerLogging>())
            .AddApplicationPart(typeof(ApiRegistration).Assembly)
            .AddJsonOptions(options => ConfigureJson(options.JsonSerializerOptions));
        services.ConfigureHttpJsonOptions(options => ConfigureJson(options.SerializerOptions));

        // JSON bodies are UTF-8 (RFC 8259). A body declared UTF-16 was decoded as such and failed in the decoder with a
        // 500; without UTF-16 among the formatter's encodings the charset is refused as the request's error, a 400.
        services.PostConfigure<Microsoft.AspNetCore.Mvc.MvcOptions>(options =>
        {
            foreach (var json in options.InputFormatters.OfType<Microsoft.AspNetCore.Mvc.Formatters.SystemTextJsonInputFormatter>())
            {
                // By code page: the formatter's UTF-16 throws on invalid bytes, so it is not equal to Encoding.Unicode.
                foreach (var utf16 in json.SupportedEncodings.Where(e => e.CodePage == System.Text.Encoding.Unicode.CodePage).ToList())
                {
                    json.SupportedEncodings.Remove(utf16);
                }
            }
        });
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["correlation_id"] = context.HttpContext.TraceIdentifier);
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        services.AddHealthChecks().AddBackendChecks();
        services.AddOpenApi();
        // Answers do not name the server software.
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(options => options.AddServerHeader = false);
        services.AddHttpContextAccessor();
        services.AddSingleton<Mcp.McpCalls>();
        // Stateless: every tool call is one POST, run inside that request, so its bearer token, correlation id and
        // log context are the request's, and any replica can answer it.
        services.AddMcpServer()
            .WithHttpTransport(options => options.Stateless = true)
            .WithToolsFromAssembly(typeof(ApiRegistration).Assembly, McpJson());
        return builder;
    }

    /// <summary>Policies that wrap every request of both faces: correlation id first, then error mapping.</summary>
    public static WebApplication UseRagMemoryRequestPolicies(this WebApplication app)
    {
        var proxies = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ProxyOptions>>().Value;
        if (proxies.Enabled)
        {
            // First, so that every later policy (rate limits, sign-in throttling, logs) sees the real client.
            var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            proxies.KnownProxies.ForEach(p => forwarded.KnownProxies.Add(System.Net.IPAddress.Parse(p)));
            proxies.KnownNetworks.ForEach(n => forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(n)));
            app.UseForwardedHeaders(forwarded);
        }

        app.UseCorrelationId();
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            // Sent only over HTTPS (and never for localhost): browsers then refuse plain HTTP to this host.
            app.UseHsts();
        }

        // One line per request: method, path without the query string, status and elapsed time; never bodies or headers.
        app.UseSerilogRequestLogging();
        app.UseExceptionHandler();
        // A route that matched nothing (a constraint failed, say) answers problem details, as every other error.
        app.UseStatusCodePages(RouteMisses.WriteAsync);
        app.UseEmptyErrorsAsRouteMisses();
        app.UseRequestBodyLimit();
        return app;
    }

    public static WebApplication MapRagMemoryApi(this WebApplication app)
    {
        app.MapControllers();
        app.MapMcp(McpPath).RequireAuthorization(Identity.Permissions.Read).RequireJsonBody();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponseWriter.WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = HealthResponseWriter.WriteAsync });
        // The one document there is; any other name is a route miss (a 404 problem), not the generator's plain-text 404.
        app.MapOpenApi("/openapi/{documentName:regex(^v1$)}.json");
        app.MapScalarApiReference("/api-reference", options => options.WithTitle("RagMemory API"));
        return app;
    }

    /// <summary>The MCP SDK's options with the API's snake_case, so a tool answers with the same field names as its route.</summary>
    private static JsonSerializerOptions McpJson()
    {
        var options = new JsonSerializerOptions(ModelContextProtocol.McpJsonUtilities.DefaultOptions);
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        return options;
    }

    private static void ConfigureJson(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.NumberHandling = JsonNumberHandling.Strict;
    }
}
