using RagMemory.Api;
using RagMemory.Api.RequestPolicies;
using RagMemory.Engines;
using RagMemory.Identity;
using RagMemory.Logging;
using RagMemory.Observability;
using RagMemory.Portal;
using RagMemory.RateLimiting;

// The app's own folder holds its configuration and (published) web root, wherever the command runs; relative data
// paths resolve against the working folder, which `dotnet run` keeps as the user's (RunWorkingDirectory).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddRagMemoryLogging();
builder.AddRagMemoryEngines();
builder.AddRagMemoryIdentity();
builder.AddRagMemoryRateLimiting();
builder.AddRagMemoryMetrics();
builder.AddRagMemoryApi();
builder.AddRagMemoryPortal();

var app = builder.Build();
app.UseRagMemoryRequestPolicies();
app.UseAuthentication();
app.UseUserLogContext();
app.UseAuthorization();
app.UseRagMemoryRateLimits();
app.UseAntiforgery();
app.MapRagMemoryApi();
app.MapRagMemoryMetrics();
app.MapRagMemoryPortal();
app.Run();

/// <summary>The entry point, visible to the in-process API tests' WebApplicationFactory.</summary>
public partial class Program;
